package netcompress.trainer.teacher;

import netcompress.errors.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnsembleTeacherTest {
    /** A teacher that answers fixed logits and counts closes. */
    private record Fixed(float[] logits, int classes, AtomicInteger closed) implements Teacher {
        @Override
        public float[] logits(FloatBuffer batch, int n, int channels, int height, int width) {
            return logits.clone();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void averagesTheMembersLogitsAndClosesThemAll() {
        AtomicInteger closed = new AtomicInteger();
        Teacher a = new Fixed(new float[] {1, 2, 3, 4}, 2, closed);
        Teacher b = new Fixed(new float[] {3, 0, -3, 8}, 2, closed);
        try (EnsembleTeacher e = new EnsembleTeacher(List.of(a, b))) {
            assertEquals(2, e.classes());
            assertArrayEquals(new float[] {2, 1, 0, 6}, e.logits(FloatBuffer.allocate(2), 2, 1, 1, 1));
        }
        assertEquals(2, closed.get());
    }

    @Test
    void refusesMembersWithDifferentClassCounts() {
        AtomicInteger closed = new AtomicInteger();
        BadInputException ex = assertThrows(BadInputException.class, () -> new EnsembleTeacher(List.of(
                new Fixed(new float[2], 2, closed), new Fixed(new float[3], 3, closed))));
        assertEquals("ensemble teachers disagree on the class count (2 vs 3)", ex.getMessage());
    }
}
