package dev.dendrite.kernels.ops;

import dev.dendrite.device.AdamParams;
import dev.dendrite.device.DeviceBuffer;
import dev.dendrite.device.RmspropParams;
import dev.dendrite.device.SgdParams;
import dev.dendrite.kernels.LaunchGeometry;

/** Fused optimizer steps (optim.cl): SGD, Adam/AdamW and RMSprop update a parameter in place. */
final class OptimOps {
    private final KernelDevice device;

    OptimOps(KernelDevice device) {
        this.device = device;
    }

    void sgd(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer velocity, int count, SgdParams p) {
        KernelBuffer pb = device.own(param, "sgdUpdate"), gb = device.own(grad, "sgdUpdate");
        if (p.momentum() != 0f && velocity == null) {
            throw new IllegalArgumentException("sgdUpdate: momentum " + p.momentum() + " needs a velocity buffer");
        }
        // the kernel never touches velocity when momentum is 0, so param stands in for a null one
        KernelBuffer vb = velocity == null ? pb : device.own(velocity, "sgdUpdate");
        if (count == 0) return;
        device.call("optim", "sgd_update").arg(count).arg(p.lr()).arg(p.momentum()).arg(p.dampening()).arg(p.weightDecay())
                .arg(p.nesterov()).arg(p.firstStep()).arg(pb).arg(gb).arg(vb)
                .launch(LaunchGeometry.linear(count));
    }

    void adam(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, int count, AdamParams p) {
        KernelBuffer pb = device.own(param, "adamUpdate"), gb = device.own(grad, "adamUpdate");
        KernelBuffer mb = device.own(m, "adamUpdate"), vb = device.own(v, "adamUpdate");
        if (count == 0) return;
        device.call("optim", "adam_update").arg(count).arg(p.lr()).arg(p.beta1()).arg(p.beta2()).arg(p.eps())
                .arg(p.weightDecay()).arg(p.decoupled()).arg(p.biasCorrection1()).arg(p.biasCorrection2())
                .arg(pb).arg(gb).arg(mb).arg(vb)
                .launch(LaunchGeometry.linear(count));
    }

    void rmsprop(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer squareAvg, DeviceBuffer momentumBuffer, int count,
                 RmspropParams p) {
        KernelBuffer pb = device.own(param, "rmspropUpdate"), gb = device.own(grad, "rmspropUpdate");
        KernelBuffer sb = device.own(squareAvg, "rmspropUpdate");
        if (p.momentum() != 0f && momentumBuffer == null) {
            throw new IllegalArgumentException("rmspropUpdate: momentum " + p.momentum() + " needs a momentum buffer");
        }
        KernelBuffer mb = momentumBuffer == null ? pb : device.own(momentumBuffer, "rmspropUpdate");
        if (count == 0) return;
        device.call("optim", "rmsprop_update").arg(count).arg(p.lr()).arg(p.alpha()).arg(p.eps()).arg(p.weightDecay())
                .arg(p.momentum()).arg(pb).arg(gb).arg(sb).arg(mb)
                .launch(LaunchGeometry.linear(count));
    }
}
