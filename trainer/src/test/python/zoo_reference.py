"""PyTorch twins of the zoo's networks (trainer/src/main/java/netcompress/trainer/zoo/Architectures.java).

Run with Debian's python3-torch:  /usr/bin/python3 trainer/src/test/python/zoo_reference.py
It prints sum(p.numel()) for each zoo preset, the figures ZooTest hard-codes. The speed benchmark
(bench/trainer_speed.sh) imports build() from here so both loops train the same networks.
"""
import sys
import torch
from torch import nn


def ch(c, w):
    return max(4, int(java_round(c * w)))


def java_round(v):
    # Java's Math.round: floor(v + 0.5)
    import math
    return math.floor(v + 0.5)


def large(size):
    return size >= 64


def conv_bn(cin, cout, k, stride=1, groups=1):
    return [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]


class Head(nn.Module):
    def __init__(self, cin, classes):
        super().__init__()
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


def student_net(cin, classes, w, size):
    c = [ch(32, w), ch(32, w), ch(64, w), ch(100, w)]
    return nn.Sequential(
        nn.Conv2d(cin, c[0], 3), nn.BatchNorm2d(c[0]), nn.ReLU(),
        nn.Conv2d(c[0], c[1], 3), nn.BatchNorm2d(c[1]), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(c[1], c[2], 3), nn.BatchNorm2d(c[2]), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(c[2], c[3], 3), nn.BatchNorm2d(c[3]), nn.ReLU(), nn.MaxPool2d(2),
        Head(c[3], classes))


def vgg(cin, classes, w, size):
    c = [ch(24, w), ch(48, w), ch(96, w)]
    return nn.Sequential(
        *conv_bn(cin, c[0], 3, 2 if large(size) else 1), nn.ReLU(),
        *conv_bn(c[0], c[0], 3), nn.ReLU(), nn.MaxPool2d(2),
        *conv_bn(c[0], c[1], 3), nn.ReLU(),
        *conv_bn(c[1], c[1], 3), nn.ReLU(), nn.MaxPool2d(2),
        *conv_bn(c[1], c[2], 3), nn.ReLU(),
        Head(c[2], classes))


def dwsep(cin, classes, w, size):
    layers = [*conv_bn(cin, ch(32, w), 3, 2 if large(size) else 1), nn.ReLU()]
    c = ch(32, w)
    for out, s in [(64, 1), (128, 2), (128, 1), (256, 2)]:
        layers += [*conv_bn(c, c, 3, s, c), nn.ReLU(), *conv_bn(c, ch(out, w), 1), nn.ReLU()]
        c = ch(out, w)
    return nn.Sequential(*layers, Head(c, classes))


class InvertedResidual(nn.Module):
    def __init__(self, cin, out, stride, t):
        super().__init__()
        hidden = cin * t
        layers = []
        if t != 1:
            layers += [*conv_bn(cin, hidden, 1), nn.ReLU6()]
        layers += [*conv_bn(hidden, hidden, 3, stride, hidden), nn.ReLU6(), *conv_bn(hidden, out, 1)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == out

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


def mbv2(cin, classes, w, size):
    c = ch(16, w)
    layers = [*conv_bn(cin, c, 3, 2 if large(size) else 1), nn.ReLU6()]
    for t, o, n, s in [(1, 16, 1, 1), (4, 24, 2, 2), (4, 32, 3, 2), (4, 64, 2, 2)]:
        for i in range(n):
            layers.append(InvertedResidual(c, ch(o, w), s if i == 0 else 1, t))
            c = ch(o, w)
    layers += [*conv_bn(c, ch(128, w), 1), nn.ReLU6()]
    return nn.Sequential(*layers, Head(ch(128, w), classes))


def even(c):
    return c if c % 2 == 0 else c + 1


class Ghost(nn.Module):
    def __init__(self, cin, out, relu):
        super().__init__()
        p = out // 2
        act = [nn.ReLU()] if relu else []
        self.primary = nn.Sequential(*conv_bn(cin, p, 1), *act)
        self.cheap = nn.Sequential(*conv_bn(p, p, 3, 1, p), *act)

    def forward(self, x):
        p = self.primary(x)
        return torch.cat([p, self.cheap(p)], 1)


class GhostBottleneck(nn.Module):
    def __init__(self, cin, mid, out, stride):
        super().__init__()
        layers = [Ghost(cin, mid, True)]
        if stride > 1:
            layers += conv_bn(mid, mid, 3, stride, mid)
        layers.append(Ghost(mid, out, False))
        self.body = nn.Sequential(*layers)
        if stride != 1 or cin != out:
            self.shortcut = nn.Sequential(*conv_bn(cin, cin, 3, stride, cin), *conv_bn(cin, out, 1))
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


def ghost(cin, classes, w, size):
    c = ch(16, w)
    layers = [*conv_bn(cin, c, 3, 2 if large(size) else 1), nn.ReLU()]
    for m, o, s in [(16, 16, 1), (48, 24, 2), (72, 24, 1), (72, 40, 2), (120, 40, 1), (240, 80, 2), (200, 80, 1)]:
        layers.append(GhostBottleneck(c, even(ch(m, w)), even(ch(o, w)), s))
        c = even(ch(o, w))
    layers += [*conv_bn(c, ch(160, w), 1), nn.ReLU()]
    return nn.Sequential(*layers, Head(ch(160, w), classes))


class BasicBlock(nn.Module):
    def __init__(self, cin, out, stride):
        super().__init__()
        self.body = nn.Sequential(*conv_bn(cin, out, 3, stride), nn.ReLU(), *conv_bn(out, out, 3))
        if stride != 1 or cin != out:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, out, 1, stride, bias=False), nn.BatchNorm2d(out))
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


def resnet(cin, classes, w, size, blocks):
    c = ch(64, w)
    if large(size):
        layers = [nn.Conv2d(cin, c, 7, 2, 3, bias=False), nn.BatchNorm2d(c), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    else:
        layers = [*conv_bn(cin, c, 3), nn.ReLU()]
    for stage, (width, n) in enumerate(zip([64, 128, 256, 512], blocks)):
        for i in range(n):
            stride = 2 if stage > 0 and i == 0 else 1
            layers.append(BasicBlock(c, ch(width, w), stride))
            c = ch(width, w)
    return nn.Sequential(*layers, Head(c, classes))


FAMILIES = {
    'studentnet': student_net, 'vgg': vgg, 'dwsep': dwsep, 'mbv2': mbv2, 'ghost': ghost,
    'resnet18': lambda cin, k, w, s: resnet(cin, k, w, s, [2, 2, 2, 2]),
    'resnet10': lambda cin, k, w, s: resnet(cin, k, w, s, [1, 1, 1, 1]),
}


def build(spec, channels, classes, size):
    name, _, width = spec.partition(':')
    return FAMILIES[name](channels, classes, float(width) if width else 1.0, size)


PRESETS = ["studentnet", "vgg", "dwsep", "dwsep:0.5", "mbv2", "mbv2:0.5", "ghost",
           "resnet18", "resnet18:0.5", "resnet18:0.25", "resnet10:0.5"]

if __name__ == '__main__':
    for channels, classes, size in [(3, 11, 142), (1, 10, 28)]:
        for spec in PRESETS:
            m = build(spec, channels, classes, size)
            m.eval()
            m(torch.zeros(1, channels, size, size))
            print(channels, classes, size, spec, sum(p.numel() for p in m.parameters()))
