package dev.brine.python.pickle;

/**
 * One global a pickle names (GLOBAL, STACK_GLOBAL, INST or an extension code), after Python 2 names were mapped.
 *
 * @param module     the module, e.g. {@code os}
 * @param name       the attribute, e.g. {@code system}; for an unregistered extension code, {@code <extension N>}
 * @param offset     offset of the opcode that named it: in the file, or in the archive entry for archives
 * @param opcode     the opcode's name
 * @param allowed    whether the allow-list has it
 */
public record GlobalReference(String module, String name, long offset, String opcode, boolean allowed) {

    public String qualifiedName() {
        return module.isEmpty() ? name : module + "." + name;
    }
}
