package sqldb

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// statementTracer counts the statements a PostgreSQL connection sends,
// BEGIN and COMMIT included: each is a round trip to the server.
type statementTracer struct{ n *atomic.Int64 }

func (t statementTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	t.n.Add(1)
	return ctx
}

func (statementTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
