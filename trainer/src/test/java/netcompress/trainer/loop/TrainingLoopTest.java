package netcompress.trainer.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.tensor.Tensors;
import netcompress.trainer.TinyData;
import netcompress.trainer.data.Augmentation;
import netcompress.trainer.data.ImageSet;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loss.CrossEntropy;
import netcompress.trainer.loss.HintonKd;
import netcompress.trainer.teacher.OrtTeacher;
import netcompress.trainer.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest {
    private static final float[] MEAN = {0.5f, 0.5f, 0.5f};
    private static final float[] STD = {0.25f, 0.25f, 0.25f};
    private static final PreprocessSpec SPEC_16 = new PreprocessSpec(16, 16, PreprocessSpec.STRETCH, MEAN, STD, 3);

    /** Batches of 8, AdamW with warm-up and weight decay, standard augmentation: the loop's usual settings, small. */
    private static TrainConfig adamW(int epochs) {
        return new TrainConfig(epochs, 8, 3e-3, 1e-2, Optimizer.Kind.ADAMW, 1, 0.01, 9, 2, Augmentation.STANDARD);
    }

    /** ghost:0.5 has BN, depthwise convs, Concat (ghost modules) and Add (residuals). */
    @Test
    void fewStepsLowerTheLossOfAGraphWithBnDepthwiseAddAndConcat() {
        ModelProto model = ModelZoo.build("ghost:0.5", 3, 4, 16, 3);
        Map<String, Integer> ops = new HashMap<>();
        model.getGraph().getNodeList().forEach(n -> ops.merge(n.getOpType() + (n.getOpType().equals("Conv") && group(n) > 1 ? "-dw" : ""), 1, Integer::sum));
        for (String op : List.of("BatchNormalization", "Conv-dw", "Add", "Concat")) {
            assertTrue(ops.containsKey(op), "graph lacks " + op + ": " + ops);
        }
        ImageSet data = TinyData.make(16, 4, 3, 16, 1);
        int per = 3 * 16 * 16;
        ByteBuffer bytes = ByteBuffer.allocateDirect(16 * per * 4).order(ByteOrder.nativeOrder());
        FloatBuffer fb = bytes.asFloatBuffer();
        for (int i = 0; i < 16; i++) {
            Augmentation.NONE.apply(data, i, 0, MEAN, STD, fb, i * per);
        }
        try (NDManager root = NDManager.newBaseManager(Device.cpu());
             OnnxBlock block = OnnxBlock.of(model, root, Device.cpu());
             Optimizer opt = new Optimizer(Optimizer.Kind.ADAM, 0, root)) {
            String bnMean = block.parametersByName().keySet().stream().filter(n -> n.startsWith("bn_mean")).findFirst().orElseThrow();
            float[] meanBefore = block.parametersByName().get(bnMean).getArray().toFloatArray();
            TrainStep step = new TrainStep(block, null, new CrossEntropy(), opt, root);
            double first = step.run(bytes, data.labels(), 3, 16, 16, 0.01f, 0).lossSum();
            double last = first;
            for (int i = 0; i < 15; i++) {
                last = step.run(bytes, data.labels(), 3, 16, 16, 0.01f, 0).lossSum();
            }
            assertTrue(last < 0.5 * first, "loss " + first / 16 + " -> " + last / 16);
            float[] meanAfter = block.parametersByName().get(bnMean).getArray().toFloatArray();
            assertFalse(java.util.Arrays.equals(meanBefore, meanAfter), "BN running mean did not move");
            assertFalse(block.parametersByName().get(bnMean).requiresGradient());
        }
    }

    /** Cross-entropy whose loss is NaN on the calls listed (counted from 0): a divergence on demand. */
    private static final class NanOn implements netcompress.trainer.loss.Objective {
        private final java.util.Set<Integer> calls;
        private int call;

        NanOn(Integer... calls) {
            this.calls = java.util.Set.of(calls);
        }

        @Override
        public NDArray loss(NDArray student, NDArray teacher, NDArray labels, double progress) {
            NDArray l = new CrossEntropy().loss(student, teacher, labels, progress);
            return calls.contains(call++) ? l.mul(Float.NaN) : l;
        }

        @Override
        public boolean needsTeacher() {
            return false;
        }

        @Override
        public String describe() {
            return "ce";
        }
    }

    /**
     * A step whose loss is not finite is not applied: the epoch starts again from its first batch with the weights,
     * BN statistics and optimizer state it began with and half the learning rate, and the run finishes with finite
     * weights; a loss that stays non-finite stops the run after three restarts, saying so.
     */
    @Test
    void aDivergingEpochStartsAgainAtHalfTheLearningRate(@TempDir Path dir) throws Exception {
        ImageSet train = TinyData.make(40, 4, 3, 16, 2);
        ImageSet val = TinyData.make(12, 4, 3, 16, 3);
        ModelProto model = ModelZoo.build("mbv2:0.25", 3, 4, 16, 4);
        TrainConfig cfg = adamW(2);
        PreprocessSpec spec = SPEC_16;
        List<String> log = new java.util.ArrayList<>();
        // 5 batches an epoch: call 7 is batch 3 of epoch 2
        TrainingLoop.Result r = new TrainingLoop(cfg, new NanOn(7), null, spec, "train", Map.of(), log::add)
                .run(model, train, val, MEAN, STD, TrainingLoop.Outputs.beside(dir.resolve("a.onnx")), null, Device.cpu());
        assertEquals(1, log.stream().filter(l -> l.startsWith("note: the loss of batch 3 of epoch 2 was not finite; epoch 2 starts again "
                + "with the learning rate x0.5")).count(), String.join("\n", log));
        assertEquals(2, r.history().rows().size(), "each epoch is recorded once");
        Checkpoint c = Checkpoint.read(TrainingLoop.Outputs.beside(dir.resolve("a.onnx")).checkpoint());
        assertEquals(10, c.optimizerSteps(), "the diverged epoch's steps were taken back: 2 epochs of 5 steps");
        for (TensorProto t : c.model().getGraph().getInitializerList()) {
            if (Tensors.isFloat(t)) {
                for (float v : Tensors.floats(t)) {
                    assertTrue(Float.isFinite(v), t.getName());
                }
            }
        }

        // every second batch's loss (each try of the epoch computes batch 1, then fails on batch 2): three restarts at ever lower
        // rates, then a learning-rate verdict (exit 1)
        NanOn fromSecond = new NanOn(java.util.stream.IntStream.range(0, 100).filter(i -> i % 2 == 1).boxed().toArray(Integer[]::new));
        TrainingDiverged e = org.junit.jupiter.api.Assertions.assertThrows(TrainingDiverged.class, () -> new TrainingLoop(cfg, fromSecond, null, spec,
                "train", Map.of(), s -> { }).run(model, train, val, MEAN, STD, TrainingLoop.Outputs.beside(dir.resolve("b.onnx")), null, Device.cpu()));
        assertTrue(e.getMessage().contains("in epoch 1 after 3 restarts"), e.getMessage());
        assertEquals(netcompress.errors.ExitCode.BUDGET_OR_BAR, e.exitCode());
        assertFalse(Files.exists(dir.resolve("b.onnx")), "no model from a run that never finished an epoch");
    }

    /**
     * A non-finite loss on the first batch of an epoch comes from weights that were finite and gave finite results:
     * no learning rate explains it. The run stops at once (exit 3) and says it is numerics, not the learning rate.
     */
    @Test
    void aNonFiniteLossBeforeAnyStepIsNumericsNotTheLearningRate(@TempDir Path dir) {
        ImageSet train = TinyData.make(40, 4, 3, 16, 2);
        ImageSet val = TinyData.make(12, 4, 3, 16, 3);
        ModelProto model = ModelZoo.build("mbv2:0.25", 3, 4, 16, 4);
        // call 5 is the first batch of epoch 2
        NumericsFault e = org.junit.jupiter.api.Assertions.assertThrows(NumericsFault.class, () -> new TrainingLoop(adamW(2), new NanOn(5), null,
                SPEC_16, "train", Map.of(), s -> { }).run(model, train, val, MEAN, STD, TrainingLoop.Outputs.beside(dir.resolve("c.onnx")), null,
                Device.cpu()));
        assertTrue(e.getMessage().contains("the first batch of epoch 2") && e.getMessage().contains("not a learning-rate one"), e.getMessage());
        assertEquals(netcompress.errors.ExitCode.INTERNAL, e.exitCode());
    }

    private static long group(ai.onnx.proto.OnnxMl.NodeProto n) {
        return netcompress.onnx.graph.Attributes.getInt(n, "group", 1);
    }

    /**
     * A run killed after epoch 1 and resumed gives the same weights, BN statistics and history as the
     * uninterrupted run: the checkpoint carries the optimizer's moments and step count, and data order,
     * augmentation and dropout are seeded per epoch.
     */
    @Test
    void resumeAfterAKillReproducesTheUninterruptedRun(@TempDir Path dir) throws Exception {
        ImageSet train = TinyData.make(40, 4, 3, 16, 2);
        ImageSet val = TinyData.make(12, 4, 3, 16, 3);
        ModelProto model = ModelZoo.build("mbv2:0.25", 3, 4, 16, 4);
        TrainConfig cfg = adamW(3);
        PreprocessSpec spec = SPEC_16;
        TrainingLoop.Outputs a = TrainingLoop.Outputs.beside(dir.resolve("a.onnx"));
        TrainingLoop.Outputs b = TrainingLoop.Outputs.beside(dir.resolve("b.onnx"));
        new TrainingLoop(cfg, new CrossEntropy(), null, spec, "train", Map.of(), s -> { }).run(model, train, val, MEAN, STD, a, null, Device.cpu());
        new TrainingLoop(cfg, new CrossEntropy(), null, spec, "train", Map.of(), s -> { }).run(model, train, val, MEAN, STD, b, null, Device.cpu(), 1);
        Checkpoint afterOne = Checkpoint.read(b.checkpoint());
        assertEquals(1, afterOne.epochsDone());
        new TrainingLoop(cfg, new CrossEntropy(), null, spec, "train", Map.of(), s -> { }).run(model, train, val, MEAN, STD, b, afterOne, Device.cpu());
        Checkpoint ca = Checkpoint.read(a.checkpoint());
        Checkpoint cb = Checkpoint.read(b.checkpoint());
        assertEquals(3, cb.epochsDone());
        assertEquals(ca.optimizerSteps(), cb.optimizerSteps());
        Map<String, TensorProto> wb = new HashMap<>();
        cb.model().getGraph().getInitializerList().forEach(t -> wb.put(t.getName(), t));
        for (TensorProto t : ca.model().getGraph().getInitializerList()) {
            if (Tensors.isFloat(t)) {
                assertArrayEquals(Tensors.floats(t), Tensors.floats(wb.get(t.getName())), 1e-6f, t.getName());
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(ca.history().get(i)[2], cb.history().get(i)[2], 1e-6, "train loss of epoch " + (i + 1));
            assertEquals(ca.history().get(i)[5], cb.history().get(i)[5], 1e-9, "val acc of epoch " + (i + 1));
        }
        assertEquals(Files.readAllLines(a.csv()).size(), Files.readAllLines(b.csv()).size());
        assertTrue(Files.size(b.png()) > 1000);
    }

    /**
     * A live ONNX Runtime teacher that fails on its fourth batch, mid-epoch, while the worker already runs the next one: the
     * run stops with exit 3 and says the teacher failed; the worker has finished before the session closes (a closed
     * session crashes ONNX Runtime natively, which would end this test JVM); no model is written.
     */
    @Test
    void aLiveTeacherFailingMidEpochStopsTheRunCleanly(@TempDir Path dir) {
        ImageSet train = TinyData.make(48, 4, 3, 16, 5);
        ImageSet val = TinyData.make(12, 4, 3, 16, 6);
        ModelProto student = ModelZoo.build("dwsep:0.25", 3, 4, 16, 7);
        ModelProto teacherModel = ModelZoo.build("resnet10:0.25", 3, 4, 16, 8);
        TrainConfig cfg = new TrainConfig(2, 8, 3e-3, 0, Optimizer.Kind.ADAM, 0, 0.01, 1, 1, Augmentation.NONE);
        TrainingLoop.Outputs out = TrainingLoop.Outputs.beside(dir.resolve("s.onnx"));
        netcompress.errors.NetcompressException e;
        try (OrtTeacher ort = new OrtTeacher(teacherModel, "teacher", 1)) {
            netcompress.trainer.teacher.Teacher failing = new netcompress.trainer.teacher.Teacher() {
                private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public float[] logits(FloatBuffer batch, int n, int channels, int height, int width) {
                    if (calls.incrementAndGet() == 4) {
                        throw new IllegalStateException("injected teacher failure");
                    }
                    for (int i = 0; i < 20; i++) {
                        ort.logits(batch, n, channels, height, width); // long enough to be running when the loop gives up
                    }
                    return ort.logits(batch, n, channels, height, width);
                }

                @Override
                public int classes() {
                    return ort.classes();
                }

                @Override
                public void close() {
                }
            };
            e = org.junit.jupiter.api.Assertions.assertThrows(netcompress.errors.NetcompressException.class, () -> new TrainingLoop(cfg,
                    new HintonKd(0.5, 4), failing, SPEC_16, "distill", Map.of(), s -> { }).run(student, train, val, MEAN, STD, out, null, Device.cpu()));
        }
        assertEquals(netcompress.errors.ExitCode.INTERNAL, e.exitCode());
        assertTrue(e.getMessage().contains("the teacher failed on a batch") && e.getMessage().contains("injected"), e.getMessage());
        assertFalse(Files.exists(out.model()));
    }

    /** The exported best model carries metadata, keeps the parameter count, and ONNX Runtime agrees with DJL on it. */
    @Test
    void distilledExportRoundTrips(@TempDir Path dir) {
        ImageSet train = TinyData.make(32, 4, 3, 16, 5);
        ImageSet val = TinyData.make(12, 4, 3, 16, 6);
        ModelProto student = ModelZoo.build("dwsep:0.25", 3, 4, 16, 7);
        ModelProto teacherModel = ModelZoo.build("resnet10:0.25", 3, 4, 16, 8);
        TrainConfig cfg = new TrainConfig(2, 8, 3e-3, 0, Optimizer.Kind.ADAM, 0, 0.01, 1, 1, Augmentation.LIGHT);
        PreprocessSpec spec = new PreprocessSpec(16, 16, PreprocessSpec.STRETCH, MEAN, STD, 3);
        TrainingLoop.Outputs out = TrainingLoop.Outputs.beside(dir.resolve("s.onnx"));
        TrainingLoop.Result r;
        try (OrtTeacher teacher = new OrtTeacher(teacherModel, "teacher", 1)) {
            r = new TrainingLoop(cfg, new HintonKd(0.5, 4), teacher, spec, "distill", Map.of("model", "dwsep:0.25"), s -> { })
                    .run(student, train, val, MEAN, STD, out, null, Device.cpu());
        }
        ModelProto exported = OnnxModels.read(out.model());
        assertEquals(spec, ModelMetadata.preprocess(exported).orElseThrow());
        assertEquals(train.classNames(), ModelMetadata.classNames(exported).orElseThrow());
        assertTrue(ModelMetadata.provenance(exported).containsKey("distill"));
        assertEquals(ParameterCount.of(student).parameters(), ParameterCount.of(exported).parameters());
        assertTrue(r.bestEpoch() >= 1);
        float[] x = new float[4 * 3 * 16 * 16];
        Random rnd = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        float[] djl;
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); OnnxBlock block = OnnxBlock.of(exported, m, Device.cpu())) {
            djl = block.forward(m.create(FloatBuffer.wrap(x), new Shape(4, 3, 16, 16)), false).toFloatArray();
        }
        float[] ort;
        try (OrtTeacher t = new OrtTeacher(exported, "exported", 1)) {
            ort = t.logits(FloatBuffer.wrap(x), 4, 3, 16, 16);
        }
        assertArrayEquals(ort, djl, 1e-4f);
        // trained weights differ from the initial ones: the export is not the input graph
        assertFalse(java.util.Arrays.equals(Tensors.floats(student.getGraph().getInitializer(0)), Tensors.floats(exported.getGraph().getInitializer(0))));
    }
}
