package netcompress.datasets.synth;

import netcompress.datasets.DatasetLayout;

/**
 * One planned picture of the synthetic set.
 *
 * @param path   path relative to the dataset root, e.g. {@code training/labeled/03/03_0012.jpg}
 * @param split  which split it belongs to
 * @param label  its true class (also for unlabeled and test images: the generator knows)
 * @param seed   the seed its pixels come from
 */
public record SynthImage(String path, Split split, int label, long seed) {
    public enum Split {
        LABELED(DatasetLayout.TRAINING_LABELED),
        UNLABELED(DatasetLayout.TRAINING_UNLABELED),
        VALIDATION(DatasetLayout.VALIDATION),
        TESTING(DatasetLayout.TESTING);

        private final String folder;

        Split(String folder) {
            this.folder = folder;
        }

        public String folder() {
            return folder;
        }
    }
}
