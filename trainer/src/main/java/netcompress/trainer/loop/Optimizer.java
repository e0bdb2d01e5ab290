package netcompress.trainer.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import netcompress.errors.BadInputException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adam, AdamW and SGD with momentum, with PyTorch's update rules (torch.optim defaults: betas 0.9/0.999,
 * eps 1e-8; Adam's weight decay is L2 added to the gradient, AdamW's is decoupled). Written here rather
 * than taken from DJL because a checkpoint must carry the moment estimates, which DJL's optimizers keep
 * private: with them a resumed run continues exactly where the killed one stopped.
 */
public final class Optimizer implements AutoCloseable {
    public enum Kind { ADAM, ADAMW, SGD }

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;
    private static final float MOMENTUM = 0.9f;

    private final Kind kind;
    private final float weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private long steps;

    public Optimizer(Kind kind, double weightDecay, NDManager parent) {
        this.kind = kind;
        this.weightDecay = (float) weightDecay;
        this.manager = parent.newSubManager();
    }

    public static Kind kind(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> Kind.ADAM;
            case "adamw" -> Kind.ADAMW;
            case "sgd" -> Kind.SGD;
            default -> throw new BadInputException("unknown optimizer '" + name + "' (use adam, adamw or sgd)");
        };
    }

    public static double defaultWeightDecay(Kind kind) {
        return switch (kind) {
            case ADAM -> 0;
            case ADAMW -> 1e-2;
            case SGD -> 5e-4;
        };
    }

    public Kind kind() {
        return kind;
    }

    public long steps() {
        return steps;
    }

    /** Applies one update with learning rate {@code lr}, then zeroes the gradients. Temporaries go to {@code step}. */
    public void step(List<Parameter> params, float lr, NDManager step) {
        steps++;
        float bc1 = (float) (1 - Math.pow(BETA1, steps));
        float bc2 = (float) (1 - Math.pow(BETA2, steps));
        for (Parameter p : params) {
            NDArray w = p.getArray();
            NDArray g = w.getGradient();
            g.attach(step);
            NDArray[] s = state.computeIfAbsent(p.getName(), k -> init(w));
            switch (kind) {
                case ADAM, ADAMW -> {
                    NDArray grad = g;
                    if (kind == Kind.ADAM && weightDecay != 0) {
                        grad = tmp(w.mul(weightDecay), step).addi(g);
                    } else if (kind == Kind.ADAMW && weightDecay != 0) {
                        w.muli(1 - lr * weightDecay);
                    }
                    s[0].muli(BETA1).addi(tmp(grad.mul(1 - BETA1), step));
                    s[1].muli(BETA2).addi(tmp(grad.square(), step).muli(1 - BETA2));
                    NDArray denom = tmp(s[1].sqrt(), step).divi((float) Math.sqrt(bc2)).addi(EPS);
                    w.subi(tmp(s[0].div(denom), step).muli(lr / bc1));
                }
                case SGD -> {
                    NDArray grad = weightDecay != 0 ? tmp(w.mul(weightDecay), step).addi(g) : g;
                    if (steps == 1) {
                        s[0].addi(grad);
                    } else {
                        s[0].muli(MOMENTUM).addi(grad);
                    }
                    w.subi(tmp(s[0].mul(lr), step));
                }
                default -> throw new IllegalStateException();
            }
            g.muli(0);
        }
    }

    private NDArray[] init(NDArray w) {
        NDArray m = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
        if (kind == Kind.SGD) {
            return new NDArray[] {m};
        }
        return new NDArray[] {m, manager.zeros(w.getShape(), w.getDataType(), w.getDevice())};
    }

    private static NDArray tmp(NDArray a, NDManager step) {
        a.attach(step);
        return a;
    }

    /** Moment buffers by parameter name, for a checkpoint. */
    public Map<String, float[][]> exportState() {
        Map<String, float[][]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
            float[][] v = new float[e.getValue().length][];
            for (int i = 0; i < v.length; i++) {
                v[i] = e.getValue()[i].toFloatArray();
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    public void importState(long savedSteps, Map<String, float[][]> saved, Map<String, Parameter> params) {
        steps = savedSteps;
        Map<String, NDArray[]> fresh = new HashMap<>();
        for (Map.Entry<String, float[][]> e : saved.entrySet()) {
            Parameter p = params.get(e.getKey());
            if (p == null) {
                throw new BadInputException("checkpoint has optimizer state for '" + e.getKey() + "', which the model lacks");
            }
            NDArray[] s = init(p.getArray());
            if (s.length != e.getValue().length) {
                throw new BadInputException("checkpoint optimizer state is for another optimizer than {optimizer} " + kind.name().toLowerCase());
            }
            for (int i = 0; i < s.length; i++) {
                s[i].set(e.getValue()[i]);
            }
            fresh.put(e.getKey(), s);
        }
        state.clear();
        state.putAll(fresh);
    }

    @Override
    public void close() {
        manager.close();
    }
}
