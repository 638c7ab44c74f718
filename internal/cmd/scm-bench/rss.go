package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// rssSampler watches /proc for processes running one binary and keeps the highest peak
// resident set (VmHWM) seen; the provider process lives only as long as one command.
type rssSampler struct {
	done chan struct{}
	peak chan int64
}

func sampleRSS(binary string) *rssSampler {
	s := &rssSampler{done: make(chan struct{}), peak: make(chan int64, 1)}
	go func() {
		var peak int64
		ticker := time.NewTicker(5 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-s.done:
				s.peak <- peak
				return
			case <-ticker.C:
				peak = max(peak, peakOfProcesses(binary))
			}
		}
	}()
	return s
}

// stop ends the sampling and returns the peak in KiB.
func (s *rssSampler) stop() int64 {
	close(s.done)
	return <-s.peak
}

func peakOfProcesses(binary string) int64 {
	var peak int64
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || exe != binary {
			continue
		}
		peak = max(peak, statusField(filepath.Join("/proc", e.Name(), "status"), "VmHWM:"))
	}
	return peak
}

// statusField reads a "Name:   1234 kB" line of /proc/<pid>/status.
func statusField(path, name string) int64 {
	f, err := os.Open(path) //nolint:gosec // G304: a file under /proc, named by the benchmark
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if rest, ok := strings.CutPrefix(scanner.Text(), name); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				kib, _ := strconv.ParseInt(fields[0], 10, 64)
				return kib
			}
		}
	}
	return 0
}
