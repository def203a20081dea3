package dev.brine.registry;

import dev.brine.core.json.Json;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of an alias's history: who moved it, when, from which version to which.
 *
 * @param id           increases with every move of any alias
 * @param fromVersion  empty when the move created the alias
 * @param toVersion    empty when the move removed the alias
 * @param undoes       for a rollback: the id of the move it undid
 */
public record AliasMove(long id, String name, String alias, Optional<Long> fromVersion, Optional<Long> toVersion,
                        Kind kind, Optional<Long> undoes, String movedBy, Instant movedAt) {

    public enum Kind { MOVE, REMOVE, ROLLBACK }

    public Json.JsonObject toJson() {
        return Json.object()
                .put("id", id)
                .put("name", name)
                .put("alias", alias)
                .putIfPresent("from", fromVersion.map(Json::of).orElse(null))
                .putIfPresent("to", toVersion.map(Json::of).orElse(null))
                .put("kind", kind.name().toLowerCase(Locale.ROOT))
                .putIfPresent("undoes", undoes.map(Json::of).orElse(null))
                .put("movedBy", movedBy)
                .put("movedAt", movedAt.toString())
                .build();
    }
}
