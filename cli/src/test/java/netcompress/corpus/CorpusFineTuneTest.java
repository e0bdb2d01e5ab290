package netcompress.corpus;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.tensor.Npy;
import netcompress.pruner.ChannelPruner;
import netcompress.pruner.PruneOptions;
import netcompress.testdata.NpyArray;
import netcompress.testdata.corpus.ExportCorpus;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.loop.Optimizer;
import netcompress.trainer.loss.HintonKd;
import netcompress.trainer.teacher.OrtTeacher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * prune -> fine-tune -> run closes on every real PyTorch export: the pruned file trains under
 * distillation from the original (what {@code distill --init pruned.onnx --teacher original.onnx}
 * does: Hinton KD, Adam, BN in training mode) with a finite, falling loss on a small fixed batch, and
 * the trained graph it writes runs in ONNX Runtime as DJL runs it (1e-4).
 */
class CorpusFineTuneTest {
    private static final int STEPS = 6;

    @BeforeAll
    static void corpus() {
        assumeTrue(ExportCorpus.skipReason() == null, ExportCorpus.skipReason());
    }

    static List<ExportCorpus.Entry> entries() {
        return ExportCorpus.entries();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void prunedExportFineTunesAndRunsInOnnxRuntime(ExportCorpus.Entry e) {
        ModelProto original = OnnxModels.read(e.file());
        ModelProto pruned = ChannelPruner.prune(original, PruneOptions.toBudget(Math.min(100_000, e.params() / 2))).model();
        NpyArray sample = NpyArray.of(Npy.read(e.input()));
        int n = 8;
        long[] shape = {n, sample.dim(1), sample.dim(2), sample.dim(3)};
        float[] batch = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
        Random r = new Random(7);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = r.nextFloat();
        }
        float[] teacherLogits;
        try (OrtTeacher teacher = new OrtTeacher(original, e.toString(), 1)) {
            teacherLogits = teacher.logits(FloatBuffer.wrap(batch), n, (int) shape[1], (int) shape[2], (int) shape[3]);
        }
        List<Float> losses = new ArrayList<>();
        ModelProto trained;
        float[] djl;
        HintonKd kd = new HintonKd(0.9, 4);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             OnnxBlock block = OnnxBlock.of(pruned, m, Device.cpu());
             Optimizer opt = new Optimizer(Optimizer.Kind.ADAM, 0, m)) {
            List<Parameter> params = block.trainable();
            for (int s = 0; s < STEPS; s++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(FloatBuffer.wrap(batch), new Shape(shape));
                    NDArray t = step.create(FloatBuffer.wrap(teacherLogits), new Shape(n, teacherLogits.length / n));
                    NDArray labels = t.argMax(1);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = kd.loss(block.forward(x, true), t, labels, 0);
                        losses.add(loss.getFloat());
                        gc.backward(loss);
                    }
                    opt.step(params, 1e-3f, step);
                }
            }
            trained = block.toModel();
            try (NDManager step = m.newSubManager()) {
                djl = block.forward(step.create(FloatBuffer.wrap(batch), new Shape(shape)), false).toFloatArray();
            }
        }
        assertTrue(losses.stream().allMatch(Float::isFinite), e + ": losses " + losses);
        assertTrue(losses.get(STEPS - 1) < losses.get(0), e + ": loss did not fall: " + losses);
        float[] ort;
        try (OrtTeacher run = new OrtTeacher(trained, e + " fine-tuned", 1)) {
            ort = run.logits(FloatBuffer.wrap(batch), n, (int) shape[1], (int) shape[2], (int) shape[3]);
        }
        assertEquals(djl.length, ort.length);
        for (int i = 0; i < djl.length; i++) {
            assertEquals(ort[i], djl[i], 1e-4, e + " fine-tuned: DJL vs ONNX Runtime at " + i);
        }
    }
}
