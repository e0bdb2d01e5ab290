package netcompress.spark;

import java.io.Serializable;

/** One image as a task receives it: its place in the folder's order and its path, as the driver listed it. */
public record ImageTask(int index, String path) implements Serializable {
}
