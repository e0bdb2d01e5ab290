package netcompress.runtime.session;

import ai.onnxruntime.OrtException;
import netcompress.errors.BadInputException;
import netcompress.errors.ExitCode;
import netcompress.onnx.io.OnnxModels;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ProviderSelectorTest {
    private final List<String> warnings = new ArrayList<>();
    private final ProviderSelector selector = new ProviderSelector(warnings::add);

    private static ExecutionProviders cudaMissing() throws OrtException {
        ExecutionProviders p = gpuBuild();
        doThrow(new OrtException("libonnxruntime_providers_cuda.so: cannot open shared object file")).when(p).addCuda(anyInt());
        return p;
    }

    /** The -Pgpu jar: CUDA is compiled in (whether it loads is another matter). */
    private static ExecutionProviders gpuBuild() {
        ExecutionProviders p = mock(ExecutionProviders.class);
        when(p.cudaInBuild()).thenReturn(true);
        return p;
    }

    @Test
    void autoOnACpuOnlyBuildIsTheCpuWithoutAWarning() throws Exception {
        ExecutionProviders p = mock(ExecutionProviders.class);
        assertEquals("cpu", selector.apply(Device.parse("auto"), p));
        verify(p, never()).addCuda(anyInt());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void autoFallsBackToCpuWithOneWarning() throws Exception {
        ExecutionProviders p = cudaMissing();
        assertEquals("cpu", selector.apply(Device.parse("auto"), p));
        verify(p).addCuda(0);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("CUDA is not available") && warnings.get(0).contains("cannot open shared object"),
                warnings.get(0));
    }

    @Test
    void autoUsesCudaWhenItLoads() throws Exception {
        ExecutionProviders p = gpuBuild();
        assertEquals("cuda:0", selector.apply(Device.parse("auto"), p));
        verify(p).addCuda(0);
        assertTrue(warnings.isEmpty());
    }

    @Test
    void explicitCudaFailsWithExitCode2() throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> selector.apply(Device.parse("cuda:1"), cudaMissing()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.template().startsWith("{device} cuda:1: the CUDA execution provider could not be loaded"), e.getMessage());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void explicitCudaPassesTheDeviceIndex() throws Exception {
        ExecutionProviders p = mock(ExecutionProviders.class);
        assertEquals("cuda:2", selector.apply(Device.parse("cuda:2"), p));
        verify(p).addCuda(2);
    }

    @Test
    void cpuNeverTouchesCuda() throws Exception {
        ExecutionProviders p = mock(ExecutionProviders.class);
        assertEquals("cpu", selector.apply(Device.parse("cpu"), p));
        verify(p, never()).addCuda(anyInt());
    }

    @Test
    void deviceNamesAreParsedStrictly() {
        assertEquals(new Device(Device.Kind.CUDA, 0), Device.parse("cuda"));
        assertEquals(new Device(Device.Kind.CUDA, 3), Device.parse("CUDA:3"));
        assertThrows(BadInputException.class, () -> Device.parse("cuda:-1"));
        assertThrows(BadInputException.class, () -> Device.parse("tpu"));
    }

    /** The real ONNX Runtime build of this run: auto must run on the CPU here; it warns only if CUDA was built in. */
    @Test
    void realSessionFallsBackOnThisMachine() {
        var model = OnnxModels.read(Fixtures.path("student_dw.onnx"));
        try (ModelSession s = ModelSession.open(model, "student_dw.onnx",
                new SessionSettings(Device.parse("auto"), 1, false), warnings::add)) {
            assertEquals("cpu", s.device());
            boolean gpuJar = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
            assertEquals(gpuJar ? 1 : 0, warnings.size(), warnings.toString());
        } catch (BadInputException e) {
            throw new AssertionError("auto must not fail without CUDA: " + e.getMessage(), e);
        }
    }
}
