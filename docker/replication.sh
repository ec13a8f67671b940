#!/bin/sh
# Run once by the postgres image when the primary's volume is first created:
# let the standby (the compose "replica" profile) connect for streaming replication.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
