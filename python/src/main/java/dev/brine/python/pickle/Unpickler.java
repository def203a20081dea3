package dev.brine.python.pickle;

import dev.brine.core.BrineException;
import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.UnsupportedModelException;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The safe pickle virtual machine: every opcode of protocols 0 to 5, executed over inert {@link PyValue}s. Globals
 * resolve only through the {@link AllowList}; a name outside it stops the load with an
 * {@link UnsafeModelException} at the opcode that names it, so no value built from a file that names one is ever
 * returned. Calls, instantiations and BUILDs go to the allow-listed handlers only. Every count and size is checked
 * against the {@link Limits}; a truncated or malformed stream is a {@link CorruptModelException} with the offset.
 *
 * <p>In scan mode ({@link #scanner}) names outside the allow-list are recorded instead, and stand-in values let
 * the scan go on to the end of the stream, so a report lists every global. See docs/python-formats.md
 */
public final class Unpickler {

    /** State shared by a pickle and the pickles nested in its stream (joblib object arrays). */
    private static final class Session {
        final UnpicklerOptions options;
        final boolean scanning;
        final List<GlobalReference> globals = new ArrayList<>();
        long operations;
        long allocated;
        int nextBuffer;
        int nestedDepth;

        Session(UnpicklerOptions options, boolean scanning) {
            this.options = options;
            this.scanning = scanning;
        }
    }

    private final PickleInput input;
    private final Session session;
    private final Limits limits;
    private final ArrayList<PyValue> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final Map<Long, PyValue> memo = new HashMap<>();
    private int protocol;
    private long opcodeOffset;
    private final Context context = new Context();

    private Unpickler(PickleInput input, Session session) {
        this.input = input;
        this.session = session;
        this.limits = session.options.limits();
    }

    /**
     * An unpickler for the stream that starts at {@code start} in {@code data}.
     *
     * @param source     the file (and archive entry) name, for messages
     * @param baseOffset where {@code data} starts in that file, so messages carry file offsets
     */
    public static Unpickler loader(MemorySegment data, long start, String source, long baseOffset,
                                   UnpicklerOptions options) {
        return new Unpickler(new PickleInput(data, source, baseOffset, start), new Session(options, false));
    }

    /** Like {@link #loader}, but records every global with its verdict instead of refusing the first unsafe one. */
    public static Unpickler scanner(MemorySegment data, long start, String source, long baseOffset,
                                    UnpicklerOptions options) {
        return new Unpickler(new PickleInput(data, source, baseOffset, start), new Session(options, true));
    }

    /** Where the next pickle would start: just after the STOP of the last one loaded. */
    public long position() {
        return input.position();
    }

    /**
     * The {@code length} bytes after the last pickle loaded, as a slice of the input, and moves past them: torch's
     * tar format follows each record pickle with raw data. Running past the end is corrupt, with the offset.
     */
    public MemorySegment readRaw(long length, String what) {
        return input.slice(length, what);
    }

    /** How many bytes of the input follow {@link #position()}. */
    public long remaining() {
        return input.remaining();
    }

    /** Where {@code position} is in the file, for messages: {@code "model.pt entry storages offset 1841"}. */
    public String where(long position) {
        return input.source() + " offset " + input.fileOffset(position);
    }

    /** Every global the streams loaded so far named, in order, with its verdict. */
    public List<GlobalReference> globals() {
        return List.copyOf(session.globals);
    }

    /** Runs the program from the current position to its STOP and returns the result. */
    public PyValue load() {
        stack.clear();
        markCount = 0;
        memo.clear();
        protocol = 0;
        while (true) {
            opcodeOffset = input.position();
            if (++session.operations > limits.maxOperations()) {
                throw new CorruptModelException(where() + ": more than " + limits.maxOperations()
                        + " pickle opcodes (maxOperations). If the file is trusted, raise the limit.");
            }
            int opcode = input.u1("an opcode");
            if (opcode == '.') {
                return pop();
            }
            execute(opcode);
        }
    }

    String where() {
        return input.source() + " offset " + input.fileOffset(opcodeOffset);
    }

    private CorruptModelException corrupt(String problem) {
        return context.corrupt(problem);
    }

    // ---- the opcodes (docs/python-formats.md lists them with their bytes) ----

    private void execute(int opcode) {
        switch (opcode) {
            case '(' -> mark();
            case '0' -> popOrPopMark();
            case '1' -> popMark();
            case '2' -> push(peek());
            case 'F' -> push(new PyFloat(PickleText.floatRepr(line("FLOAT")).orElseThrow(
                    () -> corrupt("FLOAT argument is not a number"))));
            case 'I' -> push(intLine());
            case 'J' -> push(PyInt.of(input.i4("BININT")));
            case 'K' -> push(PyInt.of(input.u1("BININT1")));
            case 'M' -> push(PyInt.of(input.u2("BININT2")));
            case 'L' -> push(new PyInt(PickleText.decimal(line("LONG"), true).orElseThrow(
                    () -> corrupt("LONG argument is not a decimal integer of at most "
                            + PickleText.MAX_INT_DIGITS + " digits"))));
            case 'N' -> push(PyNone.NONE);
            case 'P' -> push(persistentLoad(str(PickleText.latin1(line("PERSID")))));
            case 'Q' -> push(persistentLoad(pop()));
            case 'R' -> reduce();
            case 'S' -> push(str(PickleText.quotedString(line("STRING")).orElseThrow(
                    () -> corrupt("STRING argument is not a quoted Python string literal"))));
            case 'T' -> push(str(PickleText.latin1(bytesOfLength(input.i4("BINSTRING length"), "BINSTRING"))));
            case 'U' -> push(str(PickleText.latin1(bytesOfLength(input.u1("SHORT_BINSTRING length"),
                    "SHORT_BINSTRING"))));
            case 'V' -> push(str(PickleText.rawUnicodeEscape(line("UNICODE")).orElseThrow(
                    () -> corrupt("UNICODE argument has a malformed \\u escape"))));
            case 'X' -> push(utf8(input.u4("BINUNICODE length"), "BINUNICODE"));
            case 'a' -> append();
            case 'b' -> build();
            case 'c' -> push(global(nameLine("GLOBAL module"), nameLine("GLOBAL name"), "GLOBAL"));
            case 'd' -> push(dictOf(popMark()));
            case 'e' -> appends();
            case 'g' -> push(memoGet(memoIndexLine("GET")));
            case 'h' -> push(memoGet(input.u1("BINGET")));
            case 'i' -> inst();
            case 'j' -> push(memoGet(input.u4("LONG_BINGET")));
            case 'l' -> push(listOf(popMark()));
            case 'o' -> obj();
            case 'p' -> memoPut(memoIndexLine("PUT"));
            case 'q' -> memoPut(input.u1("BINPUT"));
            case 'r' -> memoPut(input.u4("LONG_BINPUT"));
            case 's' -> setItem();
            case 't' -> push(tupleOf(popMark()));
            case 'u' -> setItems();
            case ')' -> push(PyTuple.EMPTY);
            case ']' -> push(newList(List.of()));
            case '}' -> push(newDict());
            case 'G' -> push(new PyFloat(input.f8BigEndian("BINFLOAT")));
            case 'B' -> push(bytes(input.u4("BINBYTES length"), "BINBYTES", false));
            case 'C' -> push(bytes(input.u1("SHORT_BINBYTES length"), "SHORT_BINBYTES", false));
            case 0x80 -> proto();
            case 0x81 -> newObj(PyNone.NONE);
            case 0x82 -> push(extension(input.u1("EXT1"), "EXT1"));
            case 0x83 -> push(extension(input.u2("EXT2"), "EXT2"));
            case 0x84 -> push(extension(input.i4("EXT4"), "EXT4"));
            case 0x85 -> push(tupleOf(popItems(1)));
            case 0x86 -> push(tupleOf(popItems(2)));
            case 0x87 -> push(tupleOf(popItems(3)));
            case 0x88 -> push(PyBool.TRUE);
            case 0x89 -> push(PyBool.FALSE);
            case 0x8A -> push(longBytes(input.u1("LONG1 length"), "LONG1"));
            case 0x8B -> push(longBytes(input.i4("LONG4 length"), "LONG4"));
            case 0x8C -> push(utf8(input.u1("SHORT_BINUNICODE length"), "SHORT_BINUNICODE"));
            case 0x8D -> push(utf8(input.u8("BINUNICODE8 length"), "BINUNICODE8"));
            case 0x8E -> push(bytes(input.u8("BINBYTES8 length"), "BINBYTES8", false));
            case 0x8F -> push(newSet(false));
            case 0x90 -> addItems();
            case 0x91 -> frozenSet();
            case 0x92 -> newObj(pop());
            case 0x93 -> push(stackGlobal());
            case 0x94 -> memoPut(memo.size());
            case 0x95 -> frame();
            case 0x96 -> push(bytes(input.u8("BYTEARRAY8 length"), "BYTEARRAY8", true));
            case 0x97 -> push(nextBuffer());
            case 0x98 -> readOnlyBuffer();
            default -> throw corrupt(String.format("unknown pickle opcode 0x%02X", opcode));
        }
    }

    // ---- stack and marks ----

    private void push(PyValue value) {
        if (stack.size() >= limits.maxElements()) {
            throw new CorruptModelException(where() + ": the pickle stack holds more than " + limits.maxElements()
                    + " values (maxElements).");
        }
        stack.add(value);
    }

    private int fence() {
        return markCount == 0 ? 0 : marks[markCount - 1];
    }

    private PyValue pop() {
        if (stack.size() <= fence()) {
            throw corrupt("the pickle stack is empty where a value was expected (stack underflow)");
        }
        return stack.removeLast();
    }

    private PyValue peek() {
        if (stack.size() <= fence()) {
            throw corrupt("the pickle stack is empty where a value was expected (stack underflow)");
        }
        return stack.getLast();
    }

    private void replaceTop(PyValue value) {
        stack.set(stack.size() - 1, value);
    }

    private List<PyValue> popItems(int count) {
        if (stack.size() - fence() < count) {
            throw corrupt("the pickle stack has fewer than " + count + " values for a tuple (stack underflow)");
        }
        List<PyValue> top = new ArrayList<>(stack.subList(stack.size() - count, stack.size()));
        stack.subList(stack.size() - count, stack.size()).clear();
        return top;
    }

    private void mark() {
        if (markCount >= limits.maxNestingDepth()) {
            throw new CorruptModelException(where() + ": MARKs nest deeper than " + limits.maxNestingDepth()
                    + " (maxNestingDepth).");
        }
        if (markCount == marks.length) {
            marks = java.util.Arrays.copyOf(marks, markCount * 2);
        }
        marks[markCount++] = stack.size();
    }

    private List<PyValue> popMark() {
        if (markCount == 0) {
            throw corrupt("no MARK to pop to");
        }
        int from = marks[--markCount];
        List<PyValue> items = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return items;
    }

    private void popOrPopMark() {
        if (stack.size() > fence()) {
            stack.removeLast();
        } else if (markCount > 0) {
            markCount--;
        } else {
            throw corrupt("POP on an empty stack");
        }
    }

    // ---- allocation accounting ----

    private void charge(long bytes) {
        session.allocated += bytes;
        if (session.allocated > limits.maxInMemoryBytes()) {
            throw new CorruptModelException(where() + ": the pickle allocates more than " + limits.maxInMemoryBytes()
                    + " bytes (maxInMemoryBytes). If the file is trusted and really this large, raise the limit.");
        }
    }

    /** The message is built only on failure: these checks run on every string and container opcode. */
    private void checkLength(long length, String what) {
        if (length < 0 || length > limits.maxStringBytes()) {
            Limits.check(where() + ": " + what + " length", length, limits.maxStringBytes(), "maxStringBytes");
        }
    }

    private void checkElements(long count, String what) {
        if (count < 0 || count > limits.maxElements()) {
            Limits.check(where() + ": " + what + " size", count, limits.maxElements(), "maxElements");
        }
    }

    // ---- scalars and strings ----

    private byte[] line(String what) {
        byte[] line = input.line(limits.maxStringBytes(), what + " argument");
        charge(line.length);
        return line;
    }

    private PyValue intLine() {
        byte[] line = line("INT");
        String text = PickleText.latin1(line);
        if (text.equals("00")) {
            return PyBool.FALSE;
        }
        if (text.equals("01")) {
            return PyBool.TRUE;
        }
        return new PyInt(PickleText.decimal(line, false).orElseThrow(
                () -> corrupt("INT argument is not a decimal integer")));
    }

    private String nameLine(String what) {
        return PickleText.name(line(what)).orElseThrow(() -> corrupt(what + " is empty or not UTF-8"));
    }

    private long memoIndexLine(String what) {
        BigInteger index = PickleText.decimal(line(what), false).orElseThrow(
                () -> corrupt(what + " argument is not a decimal memo index"));
        if (index.signum() < 0 || index.bitLength() > 62) {
            throw corrupt(what + " memo index " + index + " is out of range");
        }
        return index.longValue();
    }

    private byte[] bytesOfLength(long length, String what) {
        checkLength(length, what);
        charge(length);
        return input.bytes(length, what + " payload");
    }

    private PyStr str(String value) {
        charge(16);
        return new PyStr(value);
    }

    private PyStr utf8(long length, String what) {
        byte[] raw = bytesOfLength(length, what);
        return str(PickleText.utf8(raw).orElseThrow(() -> corrupt(what + " payload is not valid UTF-8")));
    }

    private PyBytes bytes(long length, String what, boolean byteArray) {
        checkLength(length, what);
        charge(16);
        return new PyBytes(input.slice(length, what + " payload"), byteArray);
    }

    private PyInt longBytes(long length, String what) {
        checkLength(length, what);
        if (length > PickleText.MAX_INT_DIGITS) {
            throw corrupt(what + " integer of " + length + " bytes is larger than any model needs");
        }
        byte[] littleEndian = bytesOfLength(length, what);
        if (littleEndian.length == 0) {
            return PyInt.of(0);
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        return new PyInt(new BigInteger(bigEndian));
    }

    // ---- containers ----

    private PyList newList(List<PyValue> items) {
        checkElements(items.size(), "list");
        charge(16 + 8L * items.size());
        return new PyList(items);
    }

    private PyDict newDict() {
        charge(48);
        return new PyDict();
    }

    private PySet newSet(boolean frozen) {
        charge(48);
        return new PySet(frozen);
    }

    private PyList listOf(List<PyValue> items) {
        return newList(items);
    }

    private PyTuple tupleOf(List<PyValue> items) {
        checkElements(items.size(), "tuple");
        charge(16 + 8L * items.size());
        PyTuple tuple = items.isEmpty() ? PyTuple.EMPTY : new PyTuple(items);
        if (tuple.depth() > limits.maxNestingDepth()) {
            throw new CorruptModelException(where() + ": tuples nest deeper than " + limits.maxNestingDepth()
                    + " (maxNestingDepth).");
        }
        return tuple;
    }

    private PyDict dictOf(List<PyValue> keysAndValues) {
        PyDict dict = newDict();
        putAll(dict, keysAndValues, "DICT");
        return dict;
    }

    private void putAll(PyDict dict, List<PyValue> keysAndValues, String what) {
        if (keysAndValues.size() % 2 != 0) {
            throw corrupt(what + " has an odd number of items, so a key lacks its value");
        }
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            put(dict, keysAndValues.get(i), keysAndValues.get(i + 1));
        }
    }

    private void put(PyDict dict, PyValue key, PyValue value) {
        requireHashable(key, 0);
        checkElements(dict.size() + 1L, "dict");
        charge(32);
        dict.put(key, value);
    }

    /** Python refuses unhashable keys (lists, dicts, sets) with a TypeError; so do we, before any hashing. */
    private void requireHashable(PyValue key, int depth) {
        switch (key) {
            case PyList list -> throw corrupt("a list is used as a dict key or set item (unhashable)");
            case PyDict dict -> throw corrupt("a dict is used as a dict key or set item (unhashable)");
            case PySet set when !set.frozen() -> throw corrupt("a set is used as a dict key or set item (unhashable)");
            case PyBytes bytes when bytes.byteArray() ->
                    throw corrupt("a bytearray is used as a dict key or set item (unhashable)");
            case PyTuple tuple -> {
                for (PyValue item : tuple.items()) {
                    requireHashable(item, depth + 1);
                }
            }
            default -> {
            }
        }
    }

    private void append() {
        PyValue item = pop();
        appendTo(peek(), List.of(item), "APPEND");
    }

    private void appends() {
        List<PyValue> items = popMark();
        appendTo(peek(), items, "APPENDS");
    }

    private void appendTo(PyValue target, List<PyValue> items, String what) {
        switch (target) {
            case PyList list -> {
                checkElements((long) list.size() + items.size(), "list");
                charge(8L * items.size());
                list.addAll(items);
            }
            case PyOpaque opaque when session.scanning -> {
            }
            default -> throw new UnsupportedModelException(where() + ": " + what + " to a " + target.typeName()
                    + "; only lists accept it (Python would call that object's own append method).");
        }
    }

    private void setItem() {
        PyValue value = pop();
        PyValue key = pop();
        setItemsOn(peek(), List.of(key, value), "SETITEM");
    }

    private void setItems() {
        List<PyValue> items = popMark();
        setItemsOn(peek(), items, "SETITEMS");
    }

    private void setItemsOn(PyValue target, List<PyValue> keysAndValues, String what) {
        switch (target) {
            case PyDict dict -> putAll(dict, keysAndValues, what);
            case PyOpaque opaque when session.scanning -> {
            }
            default -> throw new UnsupportedModelException(where() + ": " + what + " on a " + target.typeName()
                    + "; only dicts accept it (Python would call that object's own __setitem__).");
        }
    }

    private void addItems() {
        List<PyValue> items = popMark();
        PyValue target = peek();
        switch (target) {
            case PySet set when !set.frozen() -> addToSet(set, items);
            case PyOpaque opaque when session.scanning -> {
            }
            default -> throw new UnsupportedModelException(where() + ": ADDITEMS on a " + target.typeName()
                    + "; only sets accept it.");
        }
    }

    private void frozenSet() {
        PySet set = newSet(true);
        addToSet(set, popMark());
        if (set.frozenDepth() > limits.maxNestingDepth()) {
            throw new CorruptModelException(where() + ": frozensets nest deeper than " + limits.maxNestingDepth()
                    + " (maxNestingDepth).");
        }
        push(set);
    }

    private void addToSet(PySet set, List<PyValue> items) {
        checkElements((long) set.size() + items.size(), "set");
        charge(32L * items.size());
        for (PyValue item : items) {
            requireHashable(item, 0);
            set.add(item);
        }
    }

    // ---- memo ----

    private void memoPut(long index) {
        PyValue top = peek();
        if (!memo.containsKey(index)) {
            checkElements(memo.size() + 1L, "memo");
            charge(32);
        }
        memo.put(index, top);
    }

    private PyValue memoGet(long index) {
        PyValue value = memo.get(index);
        if (value == null) {
            throw corrupt("memo entry " + index + " is read before it was written");
        }
        return value;
    }

    // ---- protocol and framing ----

    private void proto() {
        int version = input.u1("PROTO");
        if (version > 5) {
            throw new UnsupportedModelException(where() + ": pickle protocol " + version
                    + " is newer than the protocols 0-5 Brine reads.");
        }
        protocol = version;
    }

    private void frame() {
        long length = input.u8("FRAME length");
        if (length < 0 || length > input.remaining()) {
            throw corrupt("FRAME of " + Long.toUnsignedString(length) + " bytes is longer than the rest of the stream");
        }
        // A frame is only a buffering hint for a linear reader like this one.
    }

    // ---- globals ----

    private PyValue stackGlobal() {
        PyValue name = pop();
        PyValue module = pop();
        if (module instanceof PyStr moduleName && name instanceof PyStr attribute) {
            return global(moduleName.value(), attribute.value(), "STACK_GLOBAL");
        }
        if (session.scanning) {
            session.globals.add(new GlobalReference("", "<computed name>", input.fileOffset(opcodeOffset),
                    "STACK_GLOBAL", false));
            return new PyOpaque("STACK_GLOBAL of computed names");
        }
        throw corrupt("STACK_GLOBAL needs two str values, found " + module.typeName() + " and " + name.typeName());
    }

    private PyValue global(String module, String name, String opcode) {
        PyGlobal global = protocol < 3 ? PythonNames.toPython3(module, name) : new PyGlobal(module, name);
        boolean allowed = session.options.allowList().allows(global);
        session.globals.add(new GlobalReference(global.module(), global.name(), input.fileOffset(opcodeOffset),
                opcode, allowed));
        if (allowed) {
            return global;
        }
        if (session.scanning) {
            return new PyOpaque("unsafe global " + global.qualifiedName());
        }
        throw new UnsafeModelException(where() + ": the pickle names `" + global.qualifiedName()
                + "`, which is not on the allow-list; Brine never runs code from a model file. Run `brine scan` for"
                + " every name the file uses. If you trust this file, convert it where Python runs.");
    }

    private PyValue extension(long code, String opcode) {
        if (code <= 0) {
            throw corrupt(opcode + " extension code " + code + " is not positive");
        }
        PyGlobal registered = session.options.allowList().extensions().get((int) code);
        if (registered != null) {
            return global(registered.module(), registered.name(), opcode);
        }
        session.globals.add(new GlobalReference("copyreg", "<extension " + code + ">",
                input.fileOffset(opcodeOffset), opcode, false));
        if (session.scanning) {
            return new PyOpaque("unregistered extension " + code);
        }
        throw new UnsafeModelException(where() + ": the pickle names copyreg extension code " + code
                + ", which stands for a global Brine cannot check; Brine never runs code from a model file.");
    }

    // ---- calls ----

    private void reduce() {
        PyValue args = pop();
        PyValue callable = peek();
        replaceTop(call(callable, args, "REDUCE"));
    }

    private PyValue call(PyValue callable, PyValue args, String what) {
        if (session.scanning && (callable instanceof PyOpaque || args instanceof PyOpaque)) {
            return new PyOpaque("result of " + what);
        }
        if (!(args instanceof PyTuple arguments)) {
            throw corrupt(what + " arguments are a " + args.typeName() + ", not a tuple");
        }
        if (!(callable instanceof PyGlobal global)) {
            throw new UnsafeModelException(where() + ": " + what + " calls a " + callable.typeName()
                    + " value; only allow-listed globals can be called. Brine never runs code from a model file.");
        }
        GlobalHandler handler = context.handlerFor(global);
        return guarded(() -> handler.call(global, arguments, context));
    }

    private PyValue instantiate(PyValue cls, PyValue args, PyValue kwargs, String what) {
        if (session.scanning && (cls instanceof PyOpaque || args instanceof PyOpaque || kwargs instanceof PyOpaque)) {
            return new PyOpaque("result of " + what);
        }
        if (!(args instanceof PyTuple arguments)) {
            throw corrupt(what + " arguments are a " + args.typeName() + ", not a tuple");
        }
        PyDict keywords = switch (kwargs) {
            case PyNone none -> null;
            case PyDict dict -> dict;
            default -> throw corrupt(what + " keyword arguments are a " + kwargs.typeName() + ", not a dict");
        };
        if (!(cls instanceof PyGlobal global)) {
            throw new UnsafeModelException(where() + ": " + what + " instantiates a " + cls.typeName()
                    + " value; only allow-listed classes can be. Brine never runs code from a model file.");
        }
        GlobalHandler handler = context.handlerFor(global);
        return guarded(() -> handler.instantiate(global, arguments, keywords, context));
    }

    private void newObj(PyValue kwargs) {
        PyValue args = pop();
        PyValue cls = pop();
        push(instantiate(cls, args, kwargs, kwargs == PyNone.NONE ? "NEWOBJ" : "NEWOBJ_EX"));
    }

    /** INST and OBJ: {@code cls(*args)}, or {@code cls.__new__(cls)} without arguments (pickle's _instantiate). */
    private void instantiateWithArgs(PyValue cls, List<PyValue> args, String what) {
        PyTuple arguments = tupleOf(args);
        push(args.isEmpty() ? instantiate(cls, arguments, PyNone.NONE, what) : call(cls, arguments, what));
    }

    private void inst() {
        PyValue cls = global(nameLine("INST module"), nameLine("INST name"), "INST");
        instantiateWithArgs(cls, popMark(), "INST");
    }

    private void obj() {
        List<PyValue> items = popMark();
        if (items.isEmpty()) {
            throw corrupt("OBJ without a class after its MARK");
        }
        instantiateWithArgs(items.getFirst(), items.subList(1, items.size()), "OBJ");
    }

    private void build() {
        PyValue state = pop();
        PyValue target = peek();
        if (session.scanning && (target instanceof PyOpaque || state instanceof PyOpaque)) {
            return;
        }
        if (!(target instanceof Buildable buildable)) {
            throw new UnsupportedModelException(where() + ": BUILD on a " + target.typeName()
                    + ", which takes no state (Python would call its __setstate__).");
        }
        replaceTop(guarded(() -> buildable.build(state, context)));
    }

    private PyValue persistentLoad(PyValue id) {
        PersistentLoader loader = session.options.persistentLoader();
        if (loader == null) {
            if (session.scanning) {
                return new PyOpaque("persistent id");
            }
            throw corrupt("a persistent id (" + id + ") refers to data outside the pickle, and this kind of file"
                    + " has none");
        }
        return guarded(() -> loader.load(id, context));
    }

    private PyValue nextBuffer() {
        List<MemorySegment> buffers = session.options.buffers();
        if (session.nextBuffer >= buffers.size()) {
            if (session.scanning) {
                return new PyOpaque("out-of-band buffer");
            }
            throw corrupt("NEXT_BUFFER asks for out-of-band buffer " + session.nextBuffer + " but "
                    + buffers.size() + " were given");
        }
        charge(16);
        return new PyBytes(buffers.get(session.nextBuffer++), false);
    }

    private void readOnlyBuffer() {
        PyValue top = peek();
        switch (top) {
            case PyBytes bytes -> replaceTop(new PyBytes(bytes.data(), false));
            case PyOpaque opaque when session.scanning -> {
            }
            default -> throw corrupt("READONLY_BUFFER on a " + top.typeName() + ", not a buffer");
        }
    }

    /**
     * Runs a handler. While scanning, a handler that fails on stand-in values yields another stand-in, so the scan
     * reaches the end of the stream; failures of the stream itself still stop it.
     */
    private PyValue guarded(java.util.function.Supplier<PyValue> action) {
        if (!session.scanning) {
            return action.get();
        }
        try {
            return action.get();
        } catch (BrineException e) {
            if (input.failed() || e instanceof UnsafeModelException) {
                throw e;
            }
            return new PyOpaque("not evaluated: " + e.getMessage());
        }
    }

    /** The view of this unpickler that handlers get. */
    private final class Context implements PickleContext {
        @Override
        public String where() {
            return Unpickler.this.where();
        }

        @Override
        public Limits limits() {
            return limits;
        }

        @Override
        public boolean scanning() {
            return session.scanning;
        }

        @Override
        public void charge(long bytes) {
            Unpickler.this.charge(bytes);
        }

        @Override
        public GlobalHandler handlerFor(PyGlobal global) {
            return session.options.allowList().handler(global).orElseThrow(() -> new UnsafeModelException(
                    where() + ": `" + global.qualifiedName() + "` is not on the allow-list."));
        }

        @Override
        public MemorySegment readRawBytes(long length) {
            return input.slice(length, "raw data after the pickle opcode");
        }

        @Override
        public PyValue loadNestedPickle() {
            if (session.nestedDepth >= limits.maxNestingDepth()) {
                throw new CorruptModelException(where() + ": pickles nest deeper than " + limits.maxNestingDepth()
                        + " (maxNestingDepth).");
            }
            Unpickler nested = new Unpickler(input, session);
            session.nestedDepth++;
            try {
                return nested.load();
            } finally {
                session.nestedDepth--;
            }
        }
    }
}
