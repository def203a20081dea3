package dev.brine.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One open transaction: parameterised statements, nothing else. Values are bound by type, never spliced in. */
final class Tx {

    /** A typed SQL NULL (PostgreSQL wants to know the type of a null parameter). */
    record Null(int sqlType) {
        static final Null BIGINT = new Null(Types.BIGINT);
        static final Null TEXT = new Null(Types.VARCHAR);
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final Connection connection;
    private final Database.Dialect dialect;

    Tx(Connection connection, Database.Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** What PostgreSQL needs after a SELECT to lock the rows it read; SQLite's write transactions lock everything. */
    String forUpdate() {
        return dialect == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    <T> List<T> query(String sql, Row<T> mapper, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rows.next()) {
                out.add(mapper.read(rows));
            }
            return out;
        }
    }

    <T> Optional<T> queryOne(String sql, Row<T> mapper, Object... parameters) throws SQLException {
        List<T> rows = query(sql, mapper, parameters);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + " from: " + sql);
        }
        return rows.stream().findFirst();
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                bind(statement, i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case Null typedNull -> statement.setNull(index, typedNull.sqlType());
            case String text -> statement.setString(index, text);
            case Long number -> statement.setLong(index, number);
            case Integer number -> statement.setLong(index, number);
            case Double number -> statement.setDouble(index, number);
            case null -> throw new IllegalArgumentException("bind a typed Tx.Null, not null, at parameter " + index);
            default -> throw new IllegalArgumentException("cannot bind a " + value.getClass().getSimpleName());
        }
    }

    /** A nullable column as an Optional. */
    static Optional<String> optionalText(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    static Optional<Long> optionalLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static Object nullableText(Optional<String> value) {
        return value.<Object>map(text -> text).orElse(Null.TEXT);
    }

    static Object nullableLong(Optional<Long> value) {
        return value.<Object>map(number -> number).orElse(Null.BIGINT);
    }
}
