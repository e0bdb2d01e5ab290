package netcompress.pruner;

/** A node whose channel relation the pruner cannot express: the channels it reads and writes stay. */
public record Barrier(String node, String op, String reason) {
    @Override
    public String toString() {
        return node + " (" + op + "): " + reason;
    }
}
