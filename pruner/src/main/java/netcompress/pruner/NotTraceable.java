package netcompress.pruner;

/**
 * Thrown by a channel rule, before it has changed anything, when the node does not fit the rule
 * (a grouped conv, a Slice with a step, a weight computed at run time): the node becomes a barrier.
 */
public final class NotTraceable extends Exception {
    public NotTraceable(String reason) {
        super(reason, null, false, false);
    }
}
