package dev.brine.cli;

import dev.brine.core.model.LoadOptions;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The flags of every command that reads a model in a format that may lack its architecture, and {@code --no-verify}.
 */
final class LoadFlags {

    /** The optimizer classes a PyTorch checkpoint may leave open (Adam and AdamW with weight decay, torch < 2.6). */
    enum OptimizerClass { adam, adamw }

    @Option(names = "--arch", paramLabel = "SPEC", description = "Architecture for a bare state dict, in PyTorch"
            + " notation, e.g. 'Linear(8,32),ReLU,Dropout(0.2),Linear(32,3)' or 'fc=Linear(10,1),Sigmoid'.")
    String architecture;

    @Option(names = "--state-key", paramLabel = "KEY", description = "Key of the state dict inside a checkpoint"
            + " dict (e.g. model_state_dict).")
    String stateKey;

    @Option(names = "--strip-prefix", paramLabel = "P", description = "Remove P from the state dict's keys that"
            + " start with it (e.g. module. from DataParallel, model.). Without it or --prefix, a prefix is detected"
            + " when exactly one fits the architecture, and the mapping is printed.")
    String stripPrefix;

    @Option(names = "--prefix", paramLabel = "P", description = "Put P before every key of the state dict (saved"
            + " from an inner module that the architecture names, e.g. network.).")
    String prefix;

    @Option(names = "--non-strict", description = "Load the state dict's keys that fit the architecture and print"
            + " the missing and unexpected ones, instead of refusing (PyTorch's strict=False).")
    boolean nonStrict;

    @Option(names = "--optimizer", paramLabel = "adam|adamw", description = "The optimizer class of a PyTorch"
            + " checkpoint saved by torch before 2.6 with Adam or AdamW and weight decay: the file cannot tell them"
            + " apart and they train differently. Without it the weights load, but the optimizer state is kept"
            + " unresolved (no training resumes from it).")
    OptimizerClass optimizer;

    @picocli.CommandLine.Mixin
    LimitFlags limitFlags;

    @picocli.CommandLine.Mixin
    VerifyFlags verifyFlags;

    LoadOptions options() {
        return verifyFlags.apply(LoadOptions.DEFAULTS).withLimits(limitFlags.limits()).withArchitecture(architecture)
                .withStateKey(stateKey).withStripPrefix(stripPrefix).withPrefix(prefix).withStrict(!nonStrict)
                .withOptimizer(optimizer == null ? null : optimizer.name().toLowerCase(Locale.ROOT));
    }
}
