// Command render renders a Helm chart's templates offline, for CI where Helm
// itself cannot be installed (no registry here ships it). It uses Go's
// text/template, the engine Helm uses, with Helm's `include` and the few
// Sprig functions the chart uses; anything else is a parse error, so a
// template using more fails here rather than rendering differently.
//
//	go run deploy/helm/render/main.go CHART_DIR < context.json
//
// context.json holds what Helm would give the templates:
// {"Values": {...}, "Release": {"Name": ..., "Namespace": ...}, "Chart": {"Name": ..., "Version": ...}}
// (the test reads Chart.yaml and values.yaml into it). Output: each template's
// objects as `helm template` prints them, after a "# Source:" line.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

func main() {
	if len(os.Args) != 2 {
		fail(fmt.Errorf("usage: render CHART_DIR < context.json"))
	}
	chart := os.Args[1]
	var context map[string]interface{}
	if err := json.NewDecoder(os.Stdin).Decode(&context); err != nil {
		fail(fmt.Errorf("context: %w", err))
	}
	files, err := filepath.Glob(filepath.Join(chart, "templates", "*"))
	if err != nil {
		fail(err)
	}
	sort.Strings(files)
	root := template.New("chart").Option("missingkey=error")
	root.Funcs(functions(root))
	var rendered []string
	for _, file := range files {
		ext := filepath.Ext(file)
		if ext != ".yaml" && ext != ".yml" && ext != ".tpl" {
			continue
		}
		text, err := os.ReadFile(file)
		if err != nil {
			fail(err)
		}
		name := filepath.Join(filepath.Base(chart), "templates", filepath.Base(file))
		if _, err := root.New(name).Parse(string(text)); err != nil {
			fail(err)
		}
		// Files starting with "_" hold definitions only, as in Helm.
		if ext != ".tpl" && !strings.HasPrefix(filepath.Base(file), "_") {
			rendered = append(rendered, name)
		}
	}
	for _, name := range rendered {
		var out bytes.Buffer
		if err := root.ExecuteTemplate(&out, name, context); err != nil {
			fail(err)
		}
		if strings.TrimSpace(out.String()) == "" {
			continue
		}
		fmt.Printf("---\n# Source: %s\n%s\n", name, strings.TrimSpace(out.String()))
	}
}

func functions(root *template.Template) template.FuncMap {
	return template.FuncMap{
		"include": func(name string, data interface{}) (string, error) {
			var out bytes.Buffer
			err := root.ExecuteTemplate(&out, name, data)
			return out.String(), err
		},
		// JSON is YAML: Helm prints block style, the objects are the same.
		"toYaml": func(value interface{}) (string, error) {
			out, err := json.Marshal(value)
			return string(out), err
		},
		"nindent": func(spaces int, text string) string { return "\n" + indent(spaces, text) },
		"indent":  indent,
		"quote": func(value interface{}) string {
			return strconv.Quote(fmt.Sprint(value))
		},
		"default": func(fallback interface{}, value interface{}) interface{} {
			if value == nil || value == "" || value == false {
				return fallback
			}
			return value
		},
		"required": func(message string, value interface{}) (interface{}, error) {
			if value == nil || value == "" {
				return nil, fmt.Errorf("%s", message)
			}
			return value, nil
		},
		"contains":   func(part, text string) bool { return strings.Contains(text, part) },
		"trimSuffix": func(suffix, text string) string { return strings.TrimSuffix(text, suffix) },
		"trunc": func(length int, text string) string {
			if len(text) > length {
				return text[:length]
			}
			return text
		},
	}
}

func indent(spaces int, text string) string {
	pad := strings.Repeat(" ", spaces)
	return pad + strings.ReplaceAll(text, "\n", "\n"+pad)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "render:", err)
	os.Exit(1)
}
