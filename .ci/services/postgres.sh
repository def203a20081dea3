# Sourced by .ci/run: a throwaway PostgreSQL server for the registry tests (they read BRINE_TEST_POSTGRES_URL and
# fail under CI=true without it). .ci/postgres.sh installs Debian's postgresql if missing.
eval "$(bash .ci/postgres.sh start)"
echo ".ci/run: PostgreSQL for the registry tests at $BRINE_TEST_POSTGRES_URL"
