package netcompress.trainer.loss;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossTest {
    private static final float[] S = {2f, 0.5f, -1f, 0.1f, 1.5f, 0.3f};
    private static final float[] T = {1f, 1.2f, -0.5f, -1f, 3f, 0.2f};
    private static final long[] Y = {0, 1};

    /** Reference values computed by hand in double precision from the definitions. */
    @Test
    void hintonKdMatchesItsDefinition() {
        double temp = 4;
        double alpha = 0.3;
        double kl = klOf(0, temp) + klOf(1, temp);
        double ce = 0;
        for (int i = 0; i < 2; i++) {
            ce -= Math.log(softmax(S, i, 1)[(int) Y[i]]);
        }
        double expected = alpha * temp * temp * kl / 2 + (1 - alpha) * ce / 2;
        assertEquals(expected, eval(new HintonKd(alpha, temp)), 1e-5);
    }

    @Test
    void decoupledKdMatchesItsDefinition() {
        double temp = 2;
        double a = 1;
        double b = 8;
        double tckd = 0;
        double nckd = 0;
        double ce = 0;
        for (int i = 0; i < 2; i++) {
            int y = (int) Y[i];
            double[] ps = softmax(S, i, temp);
            double[] pt = softmax(T, i, temp);
            tckd += pt[y] * Math.log(pt[y] / ps[y]) + (1 - pt[y]) * Math.log((1 - pt[y]) / (1 - ps[y]));
            double sumS = 0;
            double sumT = 0;
            for (int j = 0; j < 3; j++) {
                if (j != y) {
                    sumS += ps[j];
                    sumT += pt[j];
                }
            }
            for (int j = 0; j < 3; j++) {
                if (j != y) {
                    double qs = ps[j] / sumS;
                    double qt = pt[j] / sumT;
                    nckd += qt * Math.log(qt / qs);
                }
            }
            ce -= Math.log(softmax(S, i, 1)[y]);
        }
        double expected = ce / 2 + temp * temp * (a * tckd + b * nckd) / 2;
        assertEquals(expected, eval(new DecoupledKd(a, b, temp, 0)), 1e-4);
    }

    @Test
    void distillationTermsVanishWhenStudentEqualsTeacher() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray s = m.create(S, new Shape(2, 3));
            NDArray y = m.create(Y);
            double ce = new CrossEntropy().loss(s, null, y, 0).getFloat();
            assertEquals(0, new HintonKd(1, 4).loss(s, s, y, 0).getFloat(), 1e-6);
            assertEquals(ce, new DecoupledKd(1, 8, 4, 0).loss(s, s, y, 0).getFloat(), 1e-5);
            assertTrue(ce > 0);
        }
    }

    /** Image 1 unlabeled (-1): the soft term over both images, cross-entropy over image 0 only. */
    @Test
    void anUnlabeledImageGetsTheSoftTermAndNeverCrossEntropy() {
        double temp = 4;
        double alpha = 0.3;
        double kl = klOf(0, temp) + klOf(1, temp);
        double ce = -Math.log(softmax(S, 0, 1)[(int) Y[0]]);
        double expected = alpha * temp * temp * kl / 2 + (1 - alpha) * ce;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray y = m.create(new long[] {Y[0], -1});
            assertEquals(expected, new HintonKd(alpha, temp).loss(m.create(S, new Shape(2, 3)), m.create(T, new Shape(2, 3)), y, 1).getFloat(), 1e-5);
            // dropping the unlabeled image's soft term would change the loss: it is part of it
            double labeledOnly = alpha * temp * temp * klOf(0, temp) + (1 - alpha) * ce;
            assertTrue(Math.abs(expected - labeledOnly) > 1e-3);
            // cross-entropy alone never sees the unlabeled image, whatever its logits
            NDArray s2 = m.create(new float[] {S[0], S[1], S[2], 9f, -9f, 3f}, new Shape(2, 3));
            assertEquals(ce, new CrossEntropy().loss(m.create(S, new Shape(2, 3)), null, y, 0).getFloat(), 1e-5);
            assertEquals(ce, new CrossEntropy().loss(s2, null, y, 0).getFloat(), 1e-5);
            // a batch of unlabeled images only has no cross-entropy at all
            assertEquals(0, new CrossEntropy().loss(s2, null, m.create(new long[] {-1, -1}), 0).getFloat(), 1e-9);
        }
    }

    /** KL(teacher || student) of one row at temperature {@code temp}, from the definitions. */
    private static double klOf(int row, double temp) {
        double[] ps = softmax(S, row, temp);
        double[] pt = softmax(T, row, temp);
        double kl = 0;
        for (int j = 0; j < 3; j++) {
            kl += pt[j] * (Math.log(pt[j]) - Math.log(ps[j]));
        }
        return kl;
    }

    private static double eval(Objective o) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            return o.loss(m.create(S, new Shape(2, 3)), m.create(T, new Shape(2, 3)), m.create(Y), 1).getFloat();
        }
    }

    private static double[] softmax(float[] v, int row, double temp) {
        double[] e = new double[3];
        double sum = 0;
        for (int j = 0; j < 3; j++) {
            e[j] = Math.exp(v[row * 3 + j] / temp);
            sum += e[j];
        }
        for (int j = 0; j < 3; j++) {
            e[j] /= sum;
        }
        return e;
    }
}
