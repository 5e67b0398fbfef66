package dev.dendrite.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.dendrite.device.Devices;
import dev.dendrite.io.HostArray;
import dev.dendrite.io.PythonCheck;
import dev.dendrite.io.SafeTensors;
import dev.dendrite.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights written by python, in PyTorch's names and layouts, load into Dendrite's layers and give
 * the outputs python computed. With torch installed the reference is torch.nn itself; without it,
 * a NumPy transcription of the equations in PyTorch's documentation (an independent second
 * implementation of the layouts and gate orders). The safetensors file is written by hand with
 * struct and json, so no python package beyond numpy (and optionally torch) is needed.
 */
class PythonCrossCheckTest {
    @TempDir Path dir;

    private static final String SCRIPT = """
            import json, struct, sys
            import numpy as np
            mode, path = sys.argv[1], sys.argv[2]
            rng = np.random.default_rng(7)
            def r(*shape, scale=0.5):
                return (rng.standard_normal(shape) * scale).astype(np.float32)
            t = {}
            # ---- Linear(5, 3) on [4, 5]
            t['linear.weight'], t['linear.bias'], t['linear.x'] = r(3, 5), r(3), r(4, 5, scale=1.0)
            # ---- Conv2d(2, 3, 3, stride 2, padding 1) on [2, 2, 6, 5]
            t['conv.weight'], t['conv.bias'], t['conv.x'] = r(3, 2, 3, 3), r(3), r(2, 2, 6, 5, scale=1.0)
            # ---- Conv2d(4, 6, (3, 2), stride (2, 1), padding (1, 2), dilation (2, 1), groups 2) on [2, 4, 9, 7]
            t['gconv.weight'], t['gconv.bias'], t['gconv.x'] = r(6, 2, 3, 2), r(6), r(2, 4, 9, 7, scale=1.0)
            # ---- depthwise Conv2d(3, 6, 3, padding 2, dilation 2, groups 3, no bias) on [2, 3, 6, 5]
            t['dwconv.weight'], t['dwconv.x'] = r(6, 1, 3, 3), r(2, 3, 6, 5, scale=1.0)
            # ---- MaxPool2d((2, 3), stride (1, 2), padding (1, 1)), AvgPool2d((3, 2), stride (2, 1), padding (1, 0)) on [2, 2, 7, 8]
            t['pool.x'] = r(2, 2, 7, 8, scale=1.0)
            # ---- LSTM(4, 3, num_layers=2) and GRU(4, 3), batch first, on [2, 5, 4]
            H = 3
            for name, gates, layers in (('lstm', 4, 2), ('gru', 3, 1)):
                for k in range(layers):
                    inp = 4 if k == 0 else H
                    t[f'{name}.weight_ih_l{k}'] = r(gates * H, inp)
                    t[f'{name}.weight_hh_l{k}'] = r(gates * H, H)
                    t[f'{name}.bias_ih_l{k}'] = r(gates * H)
                    t[f'{name}.bias_hh_l{k}'] = r(gates * H)
                t[f'{name}.x'] = r(2, 5, 4, scale=1.0)
            # ---- BatchNorm2d(2) in eval mode with running statistics
            t['bn.weight'], t['bn.bias'] = r(2), r(2)
            t['bn.running_mean'], t['bn.running_var'] = r(2), (np.abs(r(2)) + 0.5).astype(np.float32)
            t['bn.x'] = r(3, 2, 2, 2, scale=1.0)
            # ---- MultiheadAttention(8, 2): batch-first causal self-attention on [2, 5, 8], and
            #      sequence-first cross-attention of q [3, 2, 8] over kv [4, 2, 8] with an additive mask
            E, NH = 8, 2
            t['mha.in_proj_weight'], t['mha.in_proj_bias'] = r(3 * E, E), r(3 * E)
            t['mha.out_proj.weight'], t['mha.out_proj.bias'] = r(E, E), r(E)
            t['mha.x'], t['mha.q'], t['mha.kv'], t['mha.mask'] = r(2, 5, E, scale=1.0), r(3, 2, E, scale=1.0), r(4, 2, E, scale=1.0), r(3, 4)
            causal = np.triu(np.full((5, 5), -np.inf, dtype=np.float32), 1)

            def sig(v): return 1 / (1 + np.exp(-v))
            if mode == 'torch':
                import torch
                torch.set_grad_enabled(False)
                T = lambda a: torch.from_numpy(a.astype(np.float32))
                def load(m, prefix):
                    sd = {k[len(prefix) + 1:]: T(v) for k, v in t.items() if k.startswith(prefix + '.') and k[len(prefix) + 1:] not in ('x', 'q', 'kv', 'mask')}
                    if prefix == 'bn': sd['num_batches_tracked'] = torch.tensor(0)
                    m.load_state_dict(sd)
                    return m
                lin = load(torch.nn.Linear(5, 3), 'linear'); t['linear.y'] = lin(T(t['linear.x'])).numpy()
                conv = load(torch.nn.Conv2d(2, 3, 3, stride=2, padding=1), 'conv'); t['conv.y'] = conv(T(t['conv.x'])).numpy()
                gconv = load(torch.nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2), 'gconv')
                t['gconv.y'] = gconv(T(t['gconv.x'])).numpy()
                dwconv = load(torch.nn.Conv2d(3, 6, 3, padding=2, dilation=2, groups=3, bias=False), 'dwconv')
                t['dwconv.y'] = dwconv(T(t['dwconv.x'])).numpy()
                t['pool.max'] = torch.nn.MaxPool2d((2, 3), stride=(1, 2), padding=(1, 1))(T(t['pool.x'])).numpy()
                t['pool.avg'] = torch.nn.AvgPool2d((3, 2), stride=(2, 1), padding=(1, 0))(T(t['pool.x'])).numpy()
                lstm = load(torch.nn.LSTM(4, H, num_layers=2, batch_first=True), 'lstm')
                out, (h, c) = lstm(T(t['lstm.x'])); t['lstm.y'], t['lstm.h'], t['lstm.c'] = out.numpy(), h.numpy(), c.numpy()
                gru = load(torch.nn.GRU(4, H, batch_first=True), 'gru')
                out, h = gru(T(t['gru.x'])); t['gru.y'], t['gru.h'] = out.numpy(), h.numpy()
                bn = load(torch.nn.BatchNorm2d(2), 'bn').eval(); t['bn.y'] = bn(T(t['bn.x'])).numpy()
                mha = load(torch.nn.MultiheadAttention(E, NH, batch_first=True), 'mha').eval()
                x = T(t['mha.x'])
                t['mha.y'] = mha(x, x, x, attn_mask=T(causal), need_weights=False)[0].numpy()
                mha.batch_first = False
                q, kv = T(t['mha.q']), T(t['mha.kv'])
                t['mha.y2'] = mha(q, kv, kv, attn_mask=T(t['mha.mask']), need_weights=False)[0].numpy()
            else:
                x = t['linear.x'].astype(np.float64)
                t['linear.y'] = x @ t['linear.weight'].T + t['linear.bias']
                def conv(x, w, b, stride, pad, dil, groups):  # output channel o of group g sees input channels g*Cg .. (g+1)*Cg
                    x = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
                    O, Cg, KH, KW = w.shape
                    OH = (x.shape[2] - dil[0] * (KH - 1) - 1) // stride[0] + 1
                    OW = (x.shape[3] - dil[1] * (KW - 1) - 1) // stride[1] + 1
                    y, Og = np.zeros((x.shape[0], O, OH, OW)), O // groups
                    for g in range(groups):
                        xs, ws = x[:, g * Cg:(g + 1) * Cg], w[g * Og:(g + 1) * Og]
                        for i in range(OH):
                            for j in range(OW):
                                h0, w0 = i * stride[0], j * stride[1]
                                patch = xs[:, :, h0:h0 + dil[0] * (KH - 1) + 1:dil[0], w0:w0 + dil[1] * (KW - 1) + 1:dil[1]]
                                y[:, g * Og:(g + 1) * Og, i, j] = np.einsum('nckl,ockl->no', patch, ws)
                    return y if b is None else y + b.reshape(1, -1, 1, 1)
                t['conv.y'] = conv(t['conv.x'], t['conv.weight'], t['conv.bias'], (2, 2), (1, 1), (1, 1), 1)
                t['gconv.y'] = conv(t['gconv.x'], t['gconv.weight'], t['gconv.bias'], (2, 1), (1, 2), (2, 1), 2)
                t['dwconv.y'] = conv(t['dwconv.x'], t['dwconv.weight'], None, (1, 1), (2, 2), (2, 2), 3)
                def pool(x, k, stride, pad, reduce, fill):  # padding is fill: -inf for max, 0 (in the divisor) for avg
                    x = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])), constant_values=fill)
                    OH, OW = (x.shape[2] - k[0]) // stride[0] + 1, (x.shape[3] - k[1]) // stride[1] + 1
                    return np.stack([np.stack([reduce(x[:, :, i * stride[0]:i * stride[0] + k[0], j * stride[1]:j * stride[1] + k[1]], axis=(2, 3))
                                               for j in range(OW)], axis=-1) for i in range(OH)], axis=-2)
                t['pool.max'] = pool(t['pool.x'], (2, 3), (1, 2), (1, 1), np.max, -np.inf)
                t['pool.avg'] = pool(t['pool.x'], (3, 2), (2, 1), (1, 0), np.mean, 0.0)
                def run(name, layers, cell):
                    seq = t[name + '.x'].astype(np.float64)
                    hs, cs = [], []
                    for k in range(layers):
                        Wi, Wh = t[f'{name}.weight_ih_l{k}'], t[f'{name}.weight_hh_l{k}']
                        bi, bh = t[f'{name}.bias_ih_l{k}'], t[f'{name}.bias_hh_l{k}']
                        h = np.zeros((seq.shape[0], H)); c = np.zeros((seq.shape[0], H)); outs = []
                        for s in range(seq.shape[1]):
                            h, c = cell(seq[:, s] @ Wi.T + bi, h @ Wh.T + bh, h, c)
                            outs.append(h)
                        seq = np.stack(outs, axis=1); hs.append(h); cs.append(c)
                    return seq, np.stack(hs), np.stack(cs)
                def lstm_cell(xp, hp, h, c):
                    g = xp + hp
                    i, f, gg, o = sig(g[:, :H]), sig(g[:, H:2*H]), np.tanh(g[:, 2*H:3*H]), sig(g[:, 3*H:])
                    c = f * c + i * gg
                    return o * np.tanh(c), c
                def gru_cell(xp, hp, h, c):
                    rr = sig(xp[:, :H] + hp[:, :H]); z = sig(xp[:, H:2*H] + hp[:, H:2*H])
                    n = np.tanh(xp[:, 2*H:] + rr * hp[:, 2*H:])
                    return (1 - z) * n + z * h, c
                t['lstm.y'], t['lstm.h'], t['lstm.c'] = run('lstm', 2, lstm_cell)
                t['gru.y'], t['gru.h'], _ = run('gru', 1, gru_cell)
                x = t['bn.x'].astype(np.float64)
                sh = (1, 2, 1, 1)
                t['bn.y'] = (x - t['bn.running_mean'].reshape(sh)) / np.sqrt(t['bn.running_var'].reshape(sh) + 1e-5) \\
                    * t['bn.weight'].reshape(sh) + t['bn.bias'].reshape(sh)
                def mha(q, kv, mask):  # batch-first [B, T, E]
                    W, b = t['mha.in_proj_weight'].astype(np.float64), t['mha.in_proj_bias']
                    split = lambda a: a.reshape(a.shape[0], a.shape[1], NH, E // NH).transpose(0, 2, 1, 3)
                    qh, kh, vh = (split(a @ W[i * E:(i + 1) * E].T + b[i * E:(i + 1) * E]) for i, a in enumerate((q, kv, kv)))
                    s = qh @ kh.transpose(0, 1, 3, 2) / np.sqrt(E // NH) + mask
                    p = np.exp(s - s.max(-1, keepdims=True)); p /= p.sum(-1, keepdims=True)
                    o = (p @ vh).transpose(0, 2, 1, 3).reshape(q.shape[0], q.shape[1], E)
                    return o @ t['mha.out_proj.weight'].T + t['mha.out_proj.bias']
                x = t['mha.x'].astype(np.float64)
                t['mha.y'] = mha(x, x, causal)
                q, kv = t['mha.q'].astype(np.float64).transpose(1, 0, 2), t['mha.kv'].astype(np.float64).transpose(1, 0, 2)
                t['mha.y2'] = mha(q, kv, t['mha.mask']).transpose(1, 0, 2)

            header, blob, offset = {'__metadata__': {'reference': mode}}, b'', 0
            for name, a in t.items():
                raw = np.ascontiguousarray(a, dtype='<f4').tobytes()
                header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + len(raw)]}
                offset += len(raw); blob += raw
            text = json.dumps(header).encode()
            text += b' ' * (-len(text) % 8)
            open(path, 'wb').write(struct.pack('<Q', len(text)) + text + blob)
            print(mode)
            """;

    @Test
    void layersMatchNumpyTranscriptionsOfPyTorchsEquations() throws IOException {
        String reason = PythonCheck.unavailableReason("numpy");
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
        crossCheck("numpy");
    }

    @Test
    void layersMatchTorchNn() throws IOException {
        String reason = PythonCheck.unavailableReason("numpy", "torch");
        Assumptions.assumeTrue(reason == null, () -> "skipped: no PyTorch to compare with (" + reason + ")");
        crossCheck("torch");
    }

    private void crossCheck(String mode) throws IOException {
        Path file = dir.resolve(mode + ".safetensors");
        PythonCheck.Result run = PythonCheck.run(SCRIPT, dir, mode, file.toString());
        assertEquals(0, run.exitCode(), run.output());
        SafeTensors.Contents c = SafeTensors.read(file);
        assertEquals(mode, c.metadata().get("reference"));
        var device = Devices.defaultDevice();

        Linear linear = new Linear(5, 3);
        linear.loadStateDict(prefixed(c, "linear"));
        compare(c, "linear.y", linear.forward(input(c, "linear.x")));

        Conv2d conv = new Conv2d(2, 3, 3, 2, 1, true, device);
        conv.loadStateDict(prefixed(c, "conv"));
        compare(c, "conv.y", conv.forward(input(c, "conv.x")));

        Conv2d grouped = Conv2d.builder(4, 6, 3, 2).stride(2, 1).padding(1, 2).dilation(2, 1).groups(2).device(device).build();
        grouped.loadStateDict(prefixed(c, "gconv"));
        compare(c, "gconv.y", grouped.forward(input(c, "gconv.x")));

        Conv2d depthwise = Conv2d.builder(3, 6, 3).padding(2).dilation(2).groups(3).bias(false).device(device).build();
        depthwise.loadStateDict(prefixed(c, "dwconv"));
        compare(c, "dwconv.y", depthwise.forward(input(c, "dwconv.x")));

        Tensor pooled = input(c, "pool.x");
        compare(c, "pool.max", new MaxPool2d(new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}).forward(pooled));
        compare(c, "pool.avg", new AvgPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}).forward(pooled));

        LSTM lstm = new LSTM(4, 3, 2, device);
        lstm.loadStateDict(prefixed(c, "lstm"));
        RecurrentOutput lo = lstm.forward(input(c, "lstm.x"), null, null);
        compare(c, "lstm.y", lo.output());
        compare(c, "lstm.h", lo.h());
        compare(c, "lstm.c", lo.c());

        GRU gru = new GRU(4, 3);
        gru.loadStateDict(prefixed(c, "gru"));
        RecurrentOutput go = gru.forward(input(c, "gru.x"), null, null);
        compare(c, "gru.y", go.output());
        compare(c, "gru.h", go.h());

        BatchNorm2d bn = new BatchNorm2d(2);
        Map<String, HostArray> bnState = prefixed(c, "bn");
        bnState.put("num_batches_tracked", HostArray.ofInts(new int[] {0}));
        bn.loadStateDict(bnState);
        bn.eval();
        compare(c, "bn.y", bn.forward(input(c, "bn.x")));

        MultiheadAttention mha = new MultiheadAttention(8, 2, 0f, true, true, device).causal(true);
        mha.loadStateDict(prefixed(c, "mha"));
        compare(c, "mha.y", mha.forward(input(c, "mha.x")));
        MultiheadAttention seqFirst = new MultiheadAttention(8, 2, 0f, true, false, device);
        seqFirst.loadStateDict(prefixed(c, "mha"));
        Tensor kv = input(c, "mha.kv");
        compare(c, "mha.y2", seqFirst.forward(input(c, "mha.q"), kv, kv, input(c, "mha.mask"), false));
    }

    /** Names of inputs and expected outputs, which sit beside a layer's weights in the file. */
    private static final java.util.Set<String> NOT_STATE = java.util.Set.of("x", "y", "h", "c", "q", "kv", "mask", "y2");

    /** The tensors under {@code prefix.} without the prefix, leaving out inputs and expected outputs. */
    private static Map<String, HostArray> prefixed(SafeTensors.Contents c, String prefix) {
        Map<String, HostArray> out = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            String rest = k.startsWith(prefix + ".") ? k.substring(prefix.length() + 1) : null;
            if (rest != null && !NOT_STATE.contains(rest)) out.put(rest, v);
        });
        return out;
    }

    private static Tensor input(SafeTensors.Contents c, String name) {
        return Tensor.of(c.get(name).floats(), c.get(name).shape());
    }

    private static void compare(SafeTensors.Contents c, String name, Tensor actual) {
        assertArrayEquals(c.get(name).shape(), actual.shape(), name + " shape");
        Ref.assertClose(c.get(name).floats(), actual.toFloatArray(), 2e-5, name);
    }
}
