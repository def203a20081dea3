package dev.brine.registry;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/** Flyway's messages, sent to {@link System.Logger} at levels that stay quiet unless someone turns logging up. */
record QuietFlywayLog(System.Logger logger) implements Log {

    /** Flyway instantiates this by name (its {@code loggers} setting); it needs a public no-argument constructor. */
    public static final class Creator implements LogCreator {
        public Creator() {
        }

        @Override
        public Log createLogger(Class<?> type) {
            return new QuietFlywayLog(System.getLogger(type.getName()));
        }
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isLoggable(System.Logger.Level.DEBUG);
    }

    @Override
    public void debug(String message) {
        logger.log(System.Logger.Level.TRACE, message);
    }

    @Override
    public void info(String message) {
        logger.log(System.Logger.Level.DEBUG, message);
    }

    @Override
    public void notice(String message) {
        logger.log(System.Logger.Level.DEBUG, message);
    }

    @Override
    public void warn(String message) {
        logger.log(System.Logger.Level.WARNING, message);
    }

    @Override
    public void error(String message) {
        logger.log(System.Logger.Level.ERROR, message);
    }

    @Override
    public void error(String message, Exception e) {
        logger.log(System.Logger.Level.ERROR, message, e);
    }
}
