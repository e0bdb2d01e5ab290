package netcompress.trainer.teacher;

import netcompress.errors.BadInputException;

/**
 * How distillation gets the teacher's logits ({@code --teacher-targets}): {@code live} runs the teacher on
 * every augmented batch (overlapped with the student step); {@code cached} runs it once on each
 * un-augmented image and reuses those logits while the student sees augmented ones; {@code views:K}
 * runs it once on K augmented views of each image and trains epoch e on view (e-1) mod K, so student
 * and teacher see the same pixels at a K-th of live's teacher cost after the first K epochs' worth.
 *
 * @param views 0 for {@code cached}, K for {@code views:K}; ignored when {@code live}
 */
public record TeacherTargets(boolean live, int views) {
    public static final TeacherTargets LIVE = new TeacherTargets(true, 0);
    public static final TeacherTargets CACHED = new TeacherTargets(false, 0);
    /** What distill and the pipeline use unless told: see bench/RESULTS.md (low-label Fashion-MNIST, teacher targets). */
    public static final String DEFAULT = "live";

    public static TeacherTargets parse(String s) {
        if (s == null) {
            return parse(DEFAULT);
        }
        if (s.equals("live")) {
            return LIVE;
        }
        if (s.equals("cached")) {
            return CACHED;
        }
        if (s.startsWith("views:")) {
            try {
                int k = Integer.parseInt(s.substring(6));
                if (k >= 1 && k <= 64) {
                    return new TeacherTargets(false, k);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new BadInputException("{teacherTargets} must be live, cached or views:K with K in 1..64, got " + s);
    }

    public String cliName() {
        return live ? "live" : views == 0 ? "cached" : "views:" + views;
    }
}
