package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks the byte layout against an independent implementation: a python script that
 * reads and writes safetensors by hand with struct and json, the way the reference library lays
 * files out (header padded with spaces to 8 bytes, offsets relative to the data section).
 * Skipped, with the reason, where python3 is missing.
 */
class SafeTensorsPythonTest {
    @TempDir Path dir;

    private static final String READER = """
            import json, struct, sys
            data = open(sys.argv[1], 'rb').read()
            (n,) = struct.unpack('<Q', data[:8])
            header = json.loads(data[8:8 + n])
            base = 8 + n
            meta = header.pop('__metadata__', {})
            out = []
            for name in sorted(header):
                info = header[name]
                b, e = info['data_offsets']
                count = (e - b) // 4
                fmt = '<%d%s' % (count, 'f' if info['dtype'] == 'F32' else 'i')
                values = struct.unpack(fmt, data[base + b:base + e])
                out.append('%s %s %s %r' % (name, info['dtype'], info['shape'], [float(v) for v in values]))
            out.append('meta %s' % sorted(meta.items()))
            out.append('aligned %s' % (n % 8 == 0))
            print('\\n'.join(out))
            """;

    private static final String WRITER = """
            import json, struct, sys
            tensors = [
                ('lstm.weight_ih_l0', 'F32', [2, 3], struct.pack('<6f', 0.5, -1.25, 2.0, 3.0, -0.0, 1e-3)),
                ('bn.num_batches_tracked', 'I64', [], struct.pack('<q', 7)),
                ('half', 'F16', [2], struct.pack('<2e', 1.5, -0.25)),
                ('dbl', 'F64', [1], struct.pack('<d', 0.1)),
            ]
            header, offset, blob = {'__metadata__': {'format': 'pt'}}, 0, b''
            for name, dtype, shape, raw in tensors:
                header[name] = {'dtype': dtype, 'shape': shape, 'data_offsets': [offset, offset + len(raw)]}
                offset += len(raw)
                blob += raw
            text = json.dumps(header).encode('utf-8')
            text += b' ' * ((8 - len(text) % 8) % 8)
            with open(sys.argv[1], 'wb') as f:
                f.write(struct.pack('<Q', len(text)) + text + blob)
            """;

    @Test
    void pythonReadsWhatJavaWrites() throws IOException {
        String reason = PythonCheck.unavailableReason("json", "struct");
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
        Path f = dir.resolve("java.safetensors");
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("fc.weight", HostArray.ofFloats(new float[] {0.5f, -1.25f, 3f, 1e-3f}, 2, 2));
        t.put("fc.bias", HostArray.ofFloats(new float[] {7f}, 1));
        t.put("count", HostArray.ofInts(new int[] {-4, 9}, 2));
        SafeTensors.write(f, t, Map.of("epoch", "2"));
        PythonCheck.Result r = PythonCheck.run(READER, dir, f.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(String.join("\n",
                "count I32 [2] [-4.0, 9.0]",
                "fc.bias F32 [1] [7.0]",
                "fc.weight F32 [2, 2] [0.5, -1.25, 3.0, 0.0010000000474974513]",
                "meta [('epoch', '2')]",
                "aligned True"), r.output().strip());
    }

    @Test
    void javaReadsWhatPythonWrites() throws IOException {
        String reason = PythonCheck.unavailableReason("json", "struct");
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
        Path f = dir.resolve("python.safetensors");
        PythonCheck.Result r = PythonCheck.run(WRITER, dir, f.toString());
        assertEquals(0, r.exitCode(), r.output());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertArrayEquals(new int[] {2, 3}, c.get("lstm.weight_ih_l0").shape());
        assertArrayEquals(new float[] {0.5f, -1.25f, 2f, 3f, -0f, 1e-3f}, c.get("lstm.weight_ih_l0").floats());
        assertArrayEquals(new int[] {7}, c.get("bn.num_batches_tracked").ints());
        assertEquals(0, c.get("bn.num_batches_tracked").rank());
        assertArrayEquals(new float[] {1.5f, -0.25f}, c.get("half").floats());
        assertArrayEquals(new float[] {0.1f}, c.get("dbl").floats());
        assertEquals(Map.of("format", "pt"), c.metadata());
    }
}
