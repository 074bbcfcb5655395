package sqldb

import (
	"context"
	"database/sql/driver"
	"sync/atomic"

	"modernc.org/sqlite"
)

// The SQLite connector keeps each connection's prepared statements, so a
// query is parsed and planned once per connection instead of on every call
// (parsing was a fifth of the time of a busy page). database/sql holds a
// connection for one user at a time, so its statements are never used
// concurrently; SQLite re-prepares a statement itself if the schema
// changes.

// maxCachedStatements bounds each connection's cache: queries with IN
// lists of varying length make many distinct texts, and rare ones need not
// be kept.
const maxCachedStatements = 1000

type sqliteConnector struct {
	dsn string
	drv *sqlite.Driver
	// statements, when set, counts what the connections send to the
	// engine (see DB.Statements).
	statements *atomic.Int64
}

func newSQLiteConnector(dsn string) driver.Connector {
	return &sqliteConnector{dsn: dsn, drv: &sqlite.Driver{}}
}

// countingSQLiteConnector is a connector whose connections count their
// statements into n.
func countingSQLiteConnector(dsn string, n *atomic.Int64) driver.Connector {
	return &sqliteConnector{dsn: dsn, drv: &sqlite.Driver{}, statements: n}
}

func (c *sqliteConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{conn: conn, stmts: map[string]driver.Stmt{}, statements: c.statements}, nil
}

func (c *sqliteConnector) Driver() driver.Driver { return c.drv }

// sqliteConn is what the modernc connection provides.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type cachingConn struct {
	conn       driver.Conn
	stmts      map[string]driver.Stmt
	statements *atomic.Int64
}

// count notes one statement sent to the engine.
func (c *cachingConn) count() {
	if c.statements != nil {
		c.statements.Add(1)
	}
}

func (c *cachingConn) inner() sqliteConn { return c.conn.(sqliteConn) }

// cached returns the connection's prepared statement for query, preparing
// it the first time; nil when the cache is full.
func (c *cachingConn) cached(ctx context.Context, query string) (driver.Stmt, error) {
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	if len(c.stmts) >= maxCachedStatements {
		return nil, nil
	}
	st, err := c.inner().PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.count()
	st, err := c.cached(ctx, query)
	if err != nil || st == nil {
		return c.inner().QueryContext(ctx, query, args)
	}
	return st.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.count()
	st, err := c.cached(ctx, query)
	if err != nil || st == nil {
		return c.inner().ExecContext(ctx, query, args)
	}
	return st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) { return c.conn.Prepare(query) }

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner().PrepareContext(ctx, query)
}

func (c *cachingConn) Begin() (driver.Tx, error) { //nolint:staticcheck // required by driver.Conn
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx counts the BEGIN, and the COMMIT or ROLLBACK that ends it, as
// PostgreSQL's driver counts them.
func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.count()
	tx, err := c.inner().BeginTx(ctx, opts)
	if err != nil || c.statements == nil {
		return tx, err
	}
	return countingTx{Tx: tx, conn: c}, nil
}

type countingTx struct {
	driver.Tx
	conn *cachingConn
}

func (t countingTx) Commit() error {
	t.conn.count()
	return t.Tx.Commit()
}

func (t countingTx) Rollback() error {
	t.conn.count()
	return t.Tx.Rollback()
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.inner().Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error { return c.inner().ResetSession(ctx) }

func (c *cachingConn) IsValid() bool { return c.inner().IsValid() }

func (c *cachingConn) Close() error {
	for _, st := range c.stmts {
		_ = st.Close()
	}
	c.stmts = nil
	return c.conn.Close()
}
