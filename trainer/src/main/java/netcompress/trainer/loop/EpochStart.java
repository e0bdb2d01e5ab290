package netcompress.trainer.loop;

import ai.djl.nn.Parameter;
import netcompress.trainer.graph.OnnxBlock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights (BN statistics included) and optimizer state as an epoch began, kept in memory so that an epoch
 * whose loss diverges can start again from them with a lower learning rate.
 */
record EpochStart(Map<String, float[]> weights, long optimizerSteps, Map<String, float[][]> optimizerState) {
    static EpochStart of(OnnxBlock block, Optimizer opt) {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : block.parametersByName().entrySet()) {
            w.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return new EpochStart(w, opt.steps(), opt.exportState());
    }

    void restore(OnnxBlock block, Optimizer opt) {
        weights.forEach(block::load);
        opt.importState(optimizerSteps, optimizerState, block.parametersByName());
    }
}
