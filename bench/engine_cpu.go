package bench

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// PostgreSQL does its work in processes of its own, so the bench's own
// CPU time leaves it out. When the server runs on this machine, its CPU
// time is read from Linux's /proc: the bench then reports the engine's
// CPU per request beside Kith's, which is what says how many Kith servers
// one PostgreSQL can serve.

// clockTicks is Linux's USER_HZ, the unit of /proc's CPU times: 100 on
// every architecture Linux exposes to programs.
const clockTicks = 100

// engineCPU is the CPU time used by the PostgreSQL processes on this
// machine (user and system), including connections that have ended (the
// postmaster counts the children it has reaped); 0 where there is no
// /proc or no PostgreSQL.
func engineCPU() time.Duration {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var ticks int64
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // the process has ended
		}
		if comm, t, ok := procCPU(string(b)); ok && comm == "postgres" {
			ticks += t
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// procCPU reads a /proc/<pid>/stat line: the process's name, and its CPU
// ticks (utime, stime, and cutime and cstime for children it has waited
// for). The name is in parentheses and may itself hold spaces and
// parentheses, so the fields are counted from the last ")".
func procCPU(line string) (comm string, ticks int64, ok bool) {
	open, closing := strings.IndexByte(line, '('), strings.LastIndexByte(line, ')')
	if open < 0 || closing < open {
		return "", 0, false
	}
	comm = line[open+1 : closing]
	// After the name: state (field 3), then fields 4, 5, …; utime is
	// field 14, so the 12th after the name.
	f := strings.Fields(line[closing+1:])
	if len(f) < 15 {
		return "", 0, false
	}
	for _, s := range f[11:15] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return "", 0, false
		}
		ticks += v
	}
	return comm, ticks, true
}
