package dev.brine.registry;

import java.nio.file.Path;

class SqliteRegistryTest extends RegistryContract {

    @Override
    Backend newBackend(Path directory) {
        return Backend.Sqlite.in(directory);
    }
}
