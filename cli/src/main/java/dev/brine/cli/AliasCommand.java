package dev.brine.cli;

import dev.brine.registry.AliasMove;
import dev.brine.registry.Registry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;

@Command(name = "alias", description = "Move an alias atomically (`alias NAME prod 3`), roll it back one move"
        + " (`--rollback`), remove it (`--remove`) or show every move (`--history`).")
final class AliasCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ALIAS")
    String alias;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION")
    Long version;

    @Option(names = "--history", description = "Who moved the alias (or every alias of NAME), when, from → to.")
    boolean history;

    @Option(names = "--rollback", description = "Point ALIAS back where it was before its last move.")
    boolean rollback;

    @Option(names = "--remove", description = "Remove ALIAS.")
    boolean remove;

    @Option(names = "--force", description = "Move ALIAS even to a version whose signature differs from the one it"
            + " points at (whoever follows the alias, such as a server, may not be able to call it).")
    boolean force;

    @Override
    void run(Registry registry) {
        if (history) {
            printAll(registry.aliasHistory(name, Optional.ofNullable(alias)), AliasMove::toJson, AliasCommand::describe);
            return;
        }
        if (alias == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give ALIAS (and VERSION to move it)");
        }
        AliasMove move;
        if (rollback) {
            move = registry.rollback(name, alias);
        } else if (remove) {
            move = registry.removeAlias(name, alias);
        } else if (version != null) {
            move = registry.setAlias(name, alias, version, force);
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give VERSION to move " + alias + ", or --rollback, --remove or --history");
        }
        print(move.toJson(), describe(move));
    }

    private static String describe(AliasMove move) {
        return move.name() + "@" + move.alias() + ": " + move.fromVersion().map(v -> "v" + v).orElse("(none)") + " → "
                + move.toVersion().map(v -> "v" + v).orElse("(none)") + "  " + move.kind().name()
                .toLowerCase(java.util.Locale.ROOT) + " by " + move.movedBy() + " at " + move.movedAt();
    }
}
