package dev.dendrite.tensor;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.Device;
import dev.dendrite.javadevice.JavaDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Buffers go back to the device deterministically: scopes, views, keep, close; the device's
 * counters tell. A private device, so that other tests' garbage cannot move the counters.
 */
class MemoryTest {
    static final Device D = new JavaDevice(JavaDevice.Options.scalar());

    static long liveBuffers() { return D.memoryStats().liveBuffers(); }

    @AfterAll
    static void closeDevice() { D.close(); }

    @Test
    void aLoopOfOpsInsideScopesLeaksNothing() {
        Tensor w = Tensor.randn(D, 1, 33, 17);
        Tensor img = Tensor.randn(D, 2, 2, 3, 9, 9);
        Tensor k = Tensor.randn(D, 3, 4, 3, 3, 3);
        long before = liveBuffers();
        for (int i = 0; i < 200; i++) {
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.rand(D, i, 8, 33);
                Tensor h = x.matmul(w).relu().add(1f).softmax(-1);
                Tensor m = h.t().contiguous().reshape(-1).slice(0, 0, 100, 3).sum();
                Tensor c = Tensor.maxPool2d(Tensor.conv2d(img, k, null, 1, 1), 2, 2, 0).mean(new int[] {0, 2}, true);
                Tensor cat = Tensor.concat(0, h, h.neg()).argmax(1, false);
                Tensor g = h.gather(1, cat.reshape(16, 1).slice(0, 0, 8));
                assertTrue(m.item() != Float.MIN_VALUE && c.numel() > 0 && g.numel() == 8);
                assertNotNull(h.toString());
            }
        }
        assertEquals(before, liveBuffers(), "live buffers after 200 scoped iterations");
        w.close();
        img.close();
        k.close();
    }

    @Test
    void viewsKeepStorageAliveUntilTheLastHolderCloses() {
        long before = liveBuffers();
        Tensor x = Tensor.of(D, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
        assertEquals(before + 1, liveBuffers());
        Tensor t = x.t();
        Tensor v = t.slice(0, 1, 3);
        x.close();
        t.close();
        assertTrue(x.isClosed());
        assertEquals(before + 1, liveBuffers(), "the view still holds the buffer");
        assertArrayEquals(new float[] {1, 5, 9, 2, 6, 10}, v.toFloatArray());
        v.close();
        assertEquals(before, liveBuffers());
        v.close(); // idempotent
        assertEquals(before, liveBuffers());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.add(1f));
        assertTrue(e.getMessage().startsWith("add: tensor of shape [2, 3] was already closed ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("keep it with scope.keep(t)"), "says how to keep a tensor: " + e.getMessage());
    }

    @Test
    void keepMovesATensorToTheEnclosingScope() {
        long before = liveBuffers();
        Tensor kept;
        Tensor survivor;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                Tensor tmp = Tensor.ones(D, 3);
                kept = inner.keep(tmp.mul(2f));
                assertEquals(1, inner.size(), "tmp stays, the kept one moved out");
            }
            assertFalse(kept.isClosed());
            assertArrayEquals(new float[] {2, 2, 2}, kept.toFloatArray());
            survivor = outer.keep(kept.add(1f)); // outermost: belongs to no scope now
        }
        assertTrue(kept.isClosed(), "closed with the outer scope");
        assertFalse(survivor.isClosed());
        assertEquals(before + 1, liveBuffers());
        survivor.close();
        assertEquals(before, liveBuffers());
    }

    @Test
    void tensorsFromOutsideAScopeAreNotClosedByIt() {
        Tensor outside = Tensor.zeros(D, 2);
        try (Scope s = Scope.open()) {
            s.keep(outside); // no effect: it belongs to no scope
            Tensor.ones(D, 2).add(outside);
        }
        assertFalse(outside.isClosed());
        outside.close();
    }

    @Test
    void scopesCloseInReverseOrder() {
        Scope a = Scope.open();
        Scope b = Scope.open();
        assertThrows(IllegalStateException.class, a::close);
        b.close();
        a.close();
        assertNull(Scope.current());
    }

    @Test
    void cleanerIsASafetyNetForForgottenTensors() throws InterruptedException {
        long before = liveBuffers();
        for (int i = 0; i < 10; i++) Tensor.zeros(D, 1000); // never closed, no scope
        assertEquals(before + 10, liveBuffers());
        for (int tries = 0; tries < 100 && liveBuffers() > before; tries++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, liveBuffers(), "the Cleaner released the forgotten buffers");
    }
}
