package main

import (
	"bytes"
	"net/http"

	"github.com/citybureau/renewal/dashboard"
)

// pages adds the HTML pages.
func (s *Server) pages(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.pageDashboard)
}

// pageDashboard is the dashboard of the approved records, as of today or
// ?as_of=; anyone may read it.
func (s *Server) pageDashboard(w http.ResponseWriter, r *http.Request) {
	asOf, since, err := s.dates(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rep, err := s.report(r.Context(), asOf, since)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := dashboard.Write(&b, rep, dashboard.Options{}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}
