package netcompress.runtime.loading;

import java.nio.file.Path;

/**
 * One image of a set.
 *
 * @param index position in torchvision DatasetFolder order: the Id in a submission
 * @param label class index, or -1 when unknown
 */
public record ImageItem(int index, Path path, int label) {
}
