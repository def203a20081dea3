package dev.brine.python.pickle;

/**
 * A value made by a {@link GlobalHandler} of another package: a numpy array or dtype, a torch storage or tensor.
 * Open to extension because readers of new libraries add their own; still inert data. Identity equality is the
 * default, like most Python objects.
 */
public non-sealed interface HostValue extends PyValue {
}
