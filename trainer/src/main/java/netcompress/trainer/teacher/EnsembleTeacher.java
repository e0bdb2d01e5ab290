package netcompress.trainer.teacher;

import netcompress.errors.BadInputException;

import java.nio.FloatBuffer;
import java.util.List;

/** Several teachers as one: their logits averaged, as an ensemble is scored (Hinton et al. distilled ensembles). */
public final class EnsembleTeacher implements Teacher {
    private final List<Teacher> members;
    private final int classes;

    public EnsembleTeacher(List<Teacher> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one teacher");
        }
        this.members = List.copyOf(members);
        this.classes = members.get(0).classes();
        for (Teacher t : members) {
            if (t.classes() != classes) {
                throw new BadInputException("ensemble teachers disagree on the class count (" + classes + " vs " + t.classes() + ")");
            }
        }
    }

    @Override
    public float[] logits(FloatBuffer batch, int n, int channels, int height, int width) {
        float[] sum = members.get(0).logits(batch, n, channels, height, width);
        for (int m = 1; m < members.size(); m++) {
            float[] l = members.get(m).logits(batch, n, channels, height, width);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += l[i];
            }
        }
        float scale = 1f / members.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= scale;
        }
        return sum;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public void close() {
        members.forEach(Teacher::close);
    }
}
