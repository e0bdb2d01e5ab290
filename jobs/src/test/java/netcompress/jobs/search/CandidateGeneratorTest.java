package netcompress.jobs.search;

import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.trainer.zoo.ModelZoo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every generated candidate lands under its budgets, as built, counted again from the graph. */
class CandidateGeneratorTest {
    private static final List<String> STUDENTS = List.of("studentnet", "vgg", "dwsep", "mbv2", "ghost");

    @Test
    void everyCandidateFitsItsParameterBudgetAtTheAssignmentsSizeAndAtThirtyTwo() {
        for (int size : new int[] {142, 32}) {
            List<String> log = new ArrayList<>();
            List<Candidate> cs = CandidateGenerator.forFamilies(STUDENTS, 100_000, null, 3, 11, size, log::add);
            assertEquals(2 * STUDENTS.size(), cs.size(), "both routes of every family: " + cs + " " + log);
            for (Candidate c : cs) {
                ParameterReport r = ParameterCount.of(ModelZoo.build(c.model(), 3, 11, size, 0));
                assertEquals(c.parameters(), r.parameters(), c.model());
                long limit = c.route() == Candidate.Route.DIRECT ? 100_000 : (long) (100_000 * CandidateGenerator.PRUNE_HEADROOM);
                assertTrue(r.parameters() <= limit, c + " over " + limit);
                // landing just under: at most 12% below its limit (channel counts move in steps)
                assertTrue(r.parameters() > 0.88 * limit, c + " far under " + limit);
            }
        }
    }

    @Test
    void aMacsBudgetHoldsTooAndFamiliesTooLargeAreLeftOutWithALine() {
        long macs = 3_000_000;
        List<String> log = new ArrayList<>();
        List<Candidate> cs = CandidateGenerator.forFamilies(STUDENTS, 100_000, macs, 3, 11, 64, log::add);
        assertFalse(cs.isEmpty());
        for (Candidate c : cs) {
            ParameterReport r = ParameterCount.of(ModelZoo.build(c.model(), 3, 11, 64, 0));
            double scale = c.route() == Candidate.Route.DIRECT ? 1 : CandidateGenerator.PRUNE_HEADROOM;
            assertTrue(r.parameters() <= 100_000 * scale && r.macsPerImage() <= macs * scale, c + ": " + r.parameters() + ", " + r.macsPerImage());
        }
        List<String> tiny = new ArrayList<>();
        assertTrue(CandidateGenerator.forFamilies(List.of("vgg"), 50, null, 3, 11, 32, tiny::add).isEmpty());
        assertTrue(tiny.get(0).contains("vgg has no width with at most 50 parameters"), tiny.toString());
    }

    @Test
    void aUsersListIsTakenAsGivenAndPrunedWhenOver() {
        List<Candidate> cs = CandidateGenerator.forModels(List.of("mbv2:0.5", "vgg:2"), 100_000, null, 3, 11, 32);
        assertEquals(Candidate.Route.DIRECT, cs.get(0).route());
        assertEquals(Candidate.Route.PRUNE, cs.get(1).route());
        assertEquals("vgg:2.0", cs.get(1).model());
        assertEquals("vgg-2.0-prune", cs.get(1).id());
    }
}
