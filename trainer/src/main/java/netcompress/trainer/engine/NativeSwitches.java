package netcompress.trainer.engine;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The two places libtorch takes settings outside its Java API: the process environment, which oneDNN reads
 * once before its first primitive (Java's {@code ProcessBuilder} cannot change the running process's, libc's
 * {@code setenv} can), and ATen's global context, which has no JNI binding in DJL.
 */
final class NativeSwitches {
    private NativeSwitches() {
    }

    static void setenv(String name, String value) {
        int rc = NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {name, value, 1});
        if (rc != 0) {
            throw new IllegalStateException("setenv(" + name + ") failed");
        }
    }

    /**
     * {@code at::globalContext().setUserEnabledMkldnn(on)}, and NNPACK off with oneDNN off: ATen would try
     * NNPACK for the convolutions oneDNN no longer takes, and on CPUs it does not know it prints a warning per call.
     * Call after the engine has loaded libtorch: the library is found by its soname among the loaded ones.
     */
    static void onednn(boolean on) {
        NativeLibrary torch = NativeLibrary.getInstance("torch_cpu");
        Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        torch.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, (byte) (on ? 1 : 0)});
        if (!on) {
            torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context, (byte) 0});
        }
    }
}
