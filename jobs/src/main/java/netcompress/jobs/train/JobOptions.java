package netcompress.jobs.train;

import netcompress.trainer.loss.KdMethod;
import netcompress.trainer.teacher.TeacherPrecision;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code netcompress train} and {@code netcompress distill} accept. Nullable fields fall back
 * to defaults that depend on the data (input size, augmentation) or the optimizer (weight decay).
 *
 * @param model        zoo model ({@code name[:width]}) when {@code init} is null
 * @param init         an existing ONNX graph to start from (e.g. a pruned student), or null
 * @param teachers     ONNX teachers for distillation (several: an ensemble, logits averaged), empty for plain training
 * @param method       Hinton's KD or decoupled KD
 * @param testReport   evaluate the best model on a labeled test split when the data root has one (Fashion-MNIST)
 * @param teacherPrecision float, or a calibrated int8 copy of the teacher (about 3x faster)
 * @param unlabeled    {@code auto}, {@code soft}, {@code pseudo}, {@code both} or {@code none} ({@link netcompress.trainer.data.UnlabeledUse})
 * @param labeledShare the share of labeled images in the training set once unlabeled ones join (the labeled
 *                     ones are repeated to reach it), or null to take every image once
 * @param teacherTargets {@code live}, {@code cached} or {@code views:K} ({@link netcompress.trainer.teacher.TeacherTargets}); null: live
 * @param trainShare   a seeded share of the training images (labeled and unlabeled, class by class) for short proxy
 *                     runs, or null for all of them; validation is always whole
 */
public record JobOptions(String model, Path init, Path data, Path out, int epochs, int batch, Integer size, double lr, Double weightDecay,
                         String optimizer, double warmupEpochs, double minLrFraction, long seed, int workers, String augment, String device,
                         boolean resume, boolean force, List<Path> teachers, KdMethod method, double alpha, double temperature, double dkdAlpha,
                         double dkdBeta, String unlabeled, double threshold, int teacherThreads, boolean testReport,
                         TeacherPrecision teacherPrecision, Double labeledShare, String teacherTargets, Double trainShare) {
    /** The same settings, training from {@code init} into {@code out} (iterative pruning's rounds). */
    public JobOptions startingFrom(Path init, Path out) {
        return new JobOptions(model, init, data, out, epochs, batch, size, lr, weightDecay, optimizer, warmupEpochs, minLrFraction, seed, workers,
                augment, device, resume, force, teachers, method, alpha, temperature, dkdAlpha, dkdBeta, unlabeled, threshold, teacherThreads,
                testReport, teacherPrecision, labeledShare, teacherTargets, trainShare);
    }

    /**
     * The same recipe for another student: zoo {@code model} (or {@code init}) into {@code out} for {@code epochs} on
     * {@code trainShare} of the training images, resuming a checkpoint left beside {@code out}, never reading the test split.
     */
    public JobOptions forCandidate(String model, Path init, Path out, int epochs, Double trainShare, boolean resume) {
        return new JobOptions(model, init, data, out, epochs, batch, size, lr, weightDecay, optimizer, warmupEpochs, minLrFraction, seed, workers,
                augment, device, resume, true, teachers, method, alpha, temperature, dkdAlpha, dkdBeta, unlabeled, threshold, teacherThreads,
                false, teacherPrecision, labeledShare, teacherTargets, trainShare);
    }
}
