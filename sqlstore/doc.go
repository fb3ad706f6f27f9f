// Package sqlstore keeps records in a database: SQLite, one file and
// nothing to install, or PostgreSQL, a platform's server.
package sqlstore
