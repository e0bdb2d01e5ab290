package netcompress.trainer.loop;

/**
 * Linear warm-up from {@code lr / warmupSteps} to {@code lr}, then cosine decay to {@code lr * floor}
 * at the last step. Defined per step, so a resumed run gets the same rates from its step counter.
 */
public record LrSchedule(double lr, long warmupSteps, long totalSteps, double floor) {
    public float at(long step) {
        if (step < warmupSteps) {
            return (float) (lr * (step + 1) / warmupSteps);
        }
        long span = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / span);
        double min = lr * floor;
        return (float) (min + (lr - min) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
