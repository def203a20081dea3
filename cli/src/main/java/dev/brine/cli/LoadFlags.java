package dev.brine.cli;

import dev.brine.core.model.LoadOptions;
import picocli.CommandLine.Option;

/** The flags of every command that reads a model in a format that may lack its architecture. */
final class LoadFlags {

    @Option(names = "--arch", paramLabel = "SPEC", description = "Architecture for a bare state dict, in PyTorch"
            + " notation, e.g. 'Linear(8,32),ReLU,Dropout(0.2),Linear(32,3)' or 'fc=Linear(10,1),Sigmoid'.")
    String architecture;

    @Option(names = "--state-key", paramLabel = "KEY", description = "Key of the state dict inside a checkpoint"
            + " dict (e.g. model_state_dict).")
    String stateKey;

    LoadOptions options() {
        return LoadOptions.DEFAULTS.withArchitecture(architecture).withStateKey(stateKey);
    }
}
