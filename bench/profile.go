package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// profiles writes the CPU and allocation profiles kith bench --profile
// asks for into a folder; with no folder, it does nothing.
type profiles struct {
	dir string
	cpu *os.File
}

func startProfiles(dir string) (*profiles, error) {
	if dir == "" {
		return &profiles{}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &profiles{dir: dir}, nil
}

// startCPU profiles the CPU into dir/name.pprof until stopCPU.
func (p *profiles) startCPU(name string) error {
	if p.dir == "" {
		return nil
	}
	p.stopCPU()
	f, err := os.Create(filepath.Join(p.dir, name+".pprof"))
	if err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("profiling the CPU: %w", err)
	}
	p.cpu = f
	return nil
}

func (p *profiles) stopCPU() {
	if p.cpu == nil {
		return
	}
	pprof.StopCPUProfile()
	_ = p.cpu.Close()
	p.cpu = nil
}

// writeAllocs writes every allocation since the process started (the
// council's loading included) to dir/allocs.pprof.
func (p *profiles) writeAllocs() error {
	if p.dir == "" {
		return nil
	}
	f, err := os.Create(filepath.Join(p.dir, "allocs.pprof"))
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("allocs").WriteTo(f, 0)
}

func (p *profiles) stop() { p.stopCPU() }
