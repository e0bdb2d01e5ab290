package netcompress.trainer.loop;

import netcompress.errors.BadInputException;
import netcompress.trainer.data.Augmentation;

import java.util.LinkedHashMap;
import java.util.Map;

/** Settings of one training run. */
public record TrainConfig(int epochs, int batch, double lr, double weightDecay, Optimizer.Kind optimizer, double warmupEpochs,
                          double minLrFraction, long seed, int workers, Augmentation augmentation) {
    public TrainConfig {
        if (epochs < 1 || epochs > 100_000) {
            throw new BadInputException("{epochs} must be at least 1, got " + epochs);
        }
        if (batch < 2 || batch > 65_536) {
            throw new BadInputException("{batch} must be in 2..65536 (BN needs two images), got " + batch);
        }
        if (!(lr > 0) || lr > 10) {
            throw new BadInputException("{lr} must be in (0, 10], got " + lr);
        }
        if (weightDecay < 0 || warmupEpochs < 0 || warmupEpochs > epochs || minLrFraction < 0 || minLrFraction > 1) {
            throw new BadInputException("{weightDecay} must be >= 0, {warmup} in [0, epochs], {minLr} in [0, 1]");
        }
        if (workers < 1 || workers > 256) {
            throw new BadInputException("{workers} must be in 1..256, got " + workers);
        }
    }

    /** What a resumed run must share with the run it continues. */
    public Map<String, Object> fingerprint() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("lr", lr);
        m.put("weightDecay", weightDecay);
        m.put("optimizer", optimizer.name().toLowerCase());
        m.put("warmupEpochs", warmupEpochs);
        m.put("minLrFraction", minLrFraction);
        m.put("seed", seed);
        m.put("augmentation", augmentation.toString());
        return m;
    }
}
