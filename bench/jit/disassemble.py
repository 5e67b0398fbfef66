#!/usr/bin/env python3
"""Disassemble what C2 compiled, without the hsdis plugin.

HotSpot's -XX:+PrintAssembly needs hsdis-amd64.so to decode instructions; without it (Debian's
libhsdis0-fcml is too old for JDK 17, which asks for decode_instructions_virtual) it still prints
every compiled method's machine code as hex between [MachCode] and [/MachCode]. This script cuts
one method's bytes out of that log and hands them to objdump, so you can read the loop C2 made of
a kernel: which Vector API calls became single instructions and which did not.

    java --add-modules jdk.incubator.vector -XX:+UnlockDiagnosticVMOptions \\
         -XX:CompileCommand=print,dev.dendrite.javadevice.VectorRowKernels::softmax ... > log.txt
    bench/jit/disassemble.py log.txt          # the last C2 compilation in the log
    bench/jit/disassemble.py log.txt 1        # the first one (OSR compilations count too)

Requires objdump (binutils). Calls and jumps show as absolute addresses: they are the method's own
code (the addresses are the ones the log printed) or stubs of the JVM outside it.
"""
import re
import subprocess
import sys
import tempfile


def c2_blocks(log):
    """The text of each C2-compiled method in the log, in order."""
    return log.split("============================= C2-compiled nmethod")[1:]


def machine_code(block):
    """(start address, bytes) of one method's [MachCode] section; gaps (comments) are filled with nops."""
    match = re.search(r"\[MachCode\](.*?)\[/MachCode\]", block, re.S)
    if not match:
        sys.exit("no [MachCode] section: was the log written with -XX:+PrintAssembly or CompileCommand=print?")
    start, code = None, bytearray()
    for line in match.group(1).splitlines():
        row = re.match(r"\s*0x([0-9a-f]+): ((?:[0-9a-f]{2,8}\s*\|?\s*)+)$", line)
        if not row:
            continue   # a comment line: "; {runtime_call ...}", "; ImmutableOopMap ..."
        address = int(row.group(1), 16)
        if start is None:
            start = address
        here = start + len(code)
        if address < here:
            continue
        code += b"\x90" * (address - here)
        code += bytes.fromhex(re.sub(r"[\s|]", "", row.group(2)))
    return start, bytes(code)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    blocks = c2_blocks(open(sys.argv[1]).read())
    if not blocks:
        sys.exit("no C2-compiled method in " + sys.argv[1])
    which = int(sys.argv[2]) if len(sys.argv) > 2 else len(blocks)
    if not 1 <= which <= len(blocks):
        sys.exit(f"the log holds {len(blocks)} C2 compilations; asked for number {which}")
    block = blocks[which - 1]
    title = re.search(r"Compiled method \(c2\).*", block)
    print(title.group(0) if title else f"C2 compilation {which}")
    start, code = machine_code(block)
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(code)
        f.flush()
        out = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", "-Mintel", f"--adjust-vma={start:#x}", f.name],
                             capture_output=True, text=True, check=True).stdout
    print(out.split("<.data>:", 1)[-1])


if __name__ == "__main__":
    main()
