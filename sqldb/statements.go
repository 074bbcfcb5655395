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
	if ctx.Value(backgroundWork{}) == nil {
		t.n.Add(1)
	}
	return ctx
}

// backgroundWork marks a context whose statements are a server's own
// background work (the chainer's), not any request's, and so are not
// counted: a page's count would otherwise depend on what ran beside it.
type backgroundWork struct{}

// inBackground marks ctx as background work.
func inBackground(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundWork{}, true)
}

func (statementTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
