// Command yamlbaseline is the yardstick for the loader's benchmarks: a bare,
// single-threaded gopkg.in/yaml.v3 decode of plan and progress files into
// plain structs, with no validation, no figure parsing and no positions.
//
//	go run ./internal/yamlbaseline DIR_OR_FILE...
//
// Directories are walked for *.yaml and *.yml files in lexical order. Every
// document of every file is decoded; the program prints the number of
// progress records and files read.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// doc is the union of a plan file and a progress file, so any document of
// either decodes into it.
type doc struct {
	// Plan file.
	ID               string    `yaml:"id"`
	Title            string    `yaml:"title"`
	Period           period    `yaml:"period"`
	Schedule         []point   `yaml:"schedule"`
	LaggingThreshold string    `yaml:"lagging_threshold"`
	Departments      []named   `yaml:"departments"`
	Districts        []named   `yaml:"districts"`
	Sections         []section `yaml:"sections"`

	// Progress file.
	District string   `yaml:"district"`
	Date     string   `yaml:"date"`
	Source   string   `yaml:"source"`
	Records  []record `yaml:"records"`
}

type period struct {
	Start string `yaml:"start"`
	End   string `yaml:"end"`
}

type point struct {
	Date     string `yaml:"date"`
	Expected string `yaml:"expected"`
}

type named struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

type section struct {
	ID    string `yaml:"id"`
	Name  string `yaml:"name"`
	Tasks []task `yaml:"tasks"`
}

type task struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Targets []target `yaml:"targets"`
}

type target struct {
	ID        string `yaml:"id"`
	Name      string `yaml:"name"`
	Kind      string `yaml:"kind"`
	Direction string `yaml:"direction"`
	Unit      string `yaml:"unit"`
	Target    string `yaml:"target"`
	Baseline  string `yaml:"baseline"`
	// A mapping of figures or {target, baseline}, a list, or "all": kept
	// as the node, since no plain type fits all three.
	Allocations yaml.Node `yaml:"allocations"`
	Lead        string    `yaml:"lead"`
	Support     []string  `yaml:"support"`
	Weight      string    `yaml:"weight"`
	Deadline    string    `yaml:"deadline"`
	Schedule    []point   `yaml:"schedule"`
	Note        string    `yaml:"note"`
}

type record struct {
	Target      string `yaml:"target"`
	District    string `yaml:"district"`
	Date        string `yaml:"date"`
	Value       string `yaml:"value"`
	Numerator   string `yaml:"numerator"`
	Denominator string `yaml:"denominator"`
	Done        string `yaml:"done"`
	Unit        string `yaml:"unit"`
	Note        string `yaml:"note"`
	Correction  string `yaml:"correction"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: yamlbaseline DIR_OR_FILE...")
		os.Exit(2)
	}
	records, files := 0, 0
	for _, root := range os.Args[1:] {
		paths, err := yamlFiles(root)
		if err != nil {
			fatal(err)
		}
		for _, path := range paths {
			n, err := decodeFile(path)
			if err != nil {
				fatal(err)
			}
			records += n
			files++
		}
	}
	fmt.Printf("records=%d files=%d\n", records, files)
}

// yamlFiles lists root if it is a file, else the *.yaml and *.yml files
// under it in lexical order.
func yamlFiles(root string) ([]string, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var paths []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			paths = append(paths, path)
		}
		return nil
	})
	return paths, err
}

// decodeFile decodes every document of the file and returns its records.
func decodeFile(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	n := 0
	for {
		var d doc
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: %w", path, err)
		}
		n += len(d.Records)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "yamlbaseline:", err)
	os.Exit(1)
}
