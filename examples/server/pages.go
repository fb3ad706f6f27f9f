package main

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/citybureau/renewal/dashboard"
)

// pages adds the HTML pages. Their forms go through the API's handlers,
// so that each action has one implementation and one set of checks.
func (s *Server) pages(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.page(s.pageDashboard, RoleClerk, RoleReviewer, RoleLeader))
	mux.HandleFunc("GET /login", s.pageLogin)
	mux.HandleFunc("POST /login", s.pageLoginPost)
	mux.HandleFunc("POST /logout", s.pageLogout)
	mux.HandleFunc("GET /clerk", s.page(s.pageClerk, RoleClerk))
	mux.HandleFunc("POST /clerk", s.page(s.pageClerkPost, RoleClerk))
	mux.HandleFunc("GET /review", s.page(s.pageReview, RoleReviewer))
	mux.HandleFunc("POST /review/{id}/{action}", s.page(s.pageReviewPost, RoleReviewer))
}

// page lets through a signed-in account of one of roles; it sends anyone
// else to the login page.
func (s *Server) page(h http.HandlerFunc, roles ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.session(r)
		if err != nil {
			http.Error(w, "读取会话失败", http.StatusInternalServerError)
			return
		}
		if a == nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		for _, role := range roles {
			if a.Role == role {
				h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, a)))
				return
			}
		}
		w.WriteHeader(http.StatusForbidden)
		s.render(w, "forbidden", pageData{Account: a})
	}
}

// callAPI runs an API handler for a page's form with a JSON body: its
// status and its answer.
func callAPI(h http.HandlerFunc, r *http.Request, body any) (int, apiError) {
	b, _ := json.Marshal(body)
	req := r.Clone(r.Context())
	req.Body = http.NoBody
	if body != nil {
		req.Body = httptestBody(b)
	}
	rec := httptest.NewRecorder()
	h(rec, req)
	var out apiError
	if rec.Code >= 400 {
		json.Unmarshal(rec.Body.Bytes(), &out)
	}
	return rec.Code, out
}

type pageData struct {
	Account     *Account
	Error       *apiError
	Goals       []Goal
	Submissions []Submission
	Pending     []pendingItem
	Message     string
}

type pendingItem struct {
	Submission
	History []historyItem
}

type historyItem struct{ Date, Figure, Note, Source string }

func (s *Server) render(w http.ResponseWriter, name string, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&b, name, d); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(b.Bytes())
}

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request) {
	s.render(w, "login", pageData{})
}

func (s *Server) pageLoginPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		s.render(w, "login", pageData{Error: &apiError{Error: "表单无法读取"}})
		return
	}
	token, a, _, err := s.login(r.Context(), r.PostForm.Get("user"), r.PostForm.Get("password"), s.address(r))
	switch {
	case err == errThrottled:
		w.WriteHeader(http.StatusTooManyRequests)
		s.render(w, "login", pageData{Error: &apiError{Error: "密码错误次数过多，请稍后再试"}})
		return
	case err != nil:
		w.WriteHeader(http.StatusUnauthorized)
		s.render(w, "login", pageData{Error: &apiError{Error: "用户名或密码错误"}})
		return
	}
	s.setCookie(w, r, token, 0)
	to := "/"
	switch a.Role {
	case RoleClerk:
		to = "/clerk"
	case RoleReviewer:
		to = "/review"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) pageLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(cookieName); err == nil {
		if a, _ := s.session(r); a != nil {
			s.Store.DB().ExecContext(r.Context(), s.q("DELETE FROM sessions WHERE token_hash = ?"), hashToken(c.Value))
			s.audit(r.Context(), a, "logout", 0, s.address(r), "")
		}
	}
	s.setCookie(w, r, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// pageDashboard is the dashboard of the approved records, as of today or
// ?as_of=.
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

func (s *Server) clerkData(r *http.Request) (pageData, error) {
	a := account(r)
	d := pageData{Account: a}
	var err error
	if d.Goals, err = s.goals(r.Context(), a); err != nil {
		return d, err
	}
	d.Submissions, err = s.submissions(r.Context(), a, "")
	return d, err
}

func (s *Server) pageClerk(w http.ResponseWriter, r *http.Request) {
	d, err := s.clerkData(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.render(w, "clerk", d)
}

func (s *Server) pageClerkPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "表单无法读取", http.StatusBadRequest)
		return
	}
	f := r.PostForm
	body := map[string]string{"target": f.Get("target"), "district": account(r).District, "date": f.Get("date")}
	for _, k := range []string{"value", "numerator", "denominator", "done", "unit", "note", "correction"} {
		if v := strings.TrimSpace(f.Get(k)); v != "" {
			body[k] = v
		}
	}
	st, e := callAPI(s.need(s.apiSubmit, RoleClerk), r, body)
	if st >= 400 {
		d, err := s.clerkData(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		d.Error = &e
		w.WriteHeader(st)
		s.render(w, "clerk", d)
		return
	}
	http.Redirect(w, r, "/clerk", http.StatusSeeOther)
}

func (s *Server) reviewData(r *http.Request) (pageData, error) {
	a := account(r)
	d := pageData{Account: a}
	subs, err := s.submissions(r.Context(), a, "pending")
	if err != nil {
		return d, err
	}
	for _, sub := range subs {
		item := pendingItem{Submission: sub}
		rows, err := s.Store.DB().QueryContext(r.Context(), s.q(`SELECT date, value, numerator, denominator, done, note, source FROM records
			WHERE target = ? AND district = ? ORDER BY date, id`), sub.Target, sub.District)
		if err != nil {
			return d, err
		}
		for rows.Next() {
			var h historyItem
			var v, n, den, done string
			if err := rows.Scan(&h.Date, &v, &n, &den, &done, &h.Note, &h.Source); err != nil {
				rows.Close()
				return d, err
			}
			h.Figure = v
			if n != "" {
				h.Figure = n + "/" + den
			} else if v == "" {
				h.Figure = "完成于 " + done
			}
			item.History = append(item.History, h)
		}
		rows.Close()
		d.Pending = append(d.Pending, item)
	}
	return d, nil
}

func (s *Server) pageReview(w http.ResponseWriter, r *http.Request) {
	d, err := s.reviewData(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.render(w, "review", d)
}

func (s *Server) pageReviewPost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "表单无法读取", http.StatusBadRequest)
		return
	}
	var st int
	var e apiError
	switch r.PathValue("action") {
	case "approve":
		st, e = callAPI(s.need(s.apiApprove, RoleReviewer), r, nil)
	case "return":
		st, e = callAPI(s.need(s.apiReturn, RoleReviewer), r, map[string]string{"reason": r.PostForm.Get("reason")})
	default:
		http.NotFound(w, r)
		return
	}
	if st >= 400 {
		d, err := s.reviewData(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		d.Error = &e
		w.WriteHeader(st)
		s.render(w, "review", d)
		return
	}
	http.Redirect(w, r, "/review", http.StatusSeeOther)
}

var stateNames = map[string]string{"pending": "待审核", "approved": "已通过", "returned": "已退回"}

var pageTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"state": func(s string) string { return stateNames[s] },
}).Parse(`
{{define "head"}}<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>城市更新进度填报</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}.err{color:#b00}form.inline{display:inline}</style>
</head><body>
{{if .Account}}<p>{{.Account.Name}}{{if .Account.District}}（{{.Account.District}}）{{end}} · <a href="/">进度看板</a>
<form class="inline" method="post" action="/logout"><button>退出</button></form></p>{{end}}
{{with .Error}}<div class="err" role="alert"><p>{{.Error}}</p>{{if .Problems}}<ul>{{range .Problems}}<li>{{.}}</li>{{end}}</ul>{{end}}</div>{{end}}
{{end}}
{{define "login"}}{{template "head" .}}<h1>登录</h1>
<form method="post" action="/login"><p><label>用户名 <input name="user" autocomplete="username"></label></p>
<p><label>密码 <input name="password" type="password" autocomplete="current-password"></label></p><p><button>登录</button></p></form>
</body></html>{{end}}
{{define "forbidden"}}{{template "head" .}}<h1>无权访问</h1><p>此页面不属于您的角色。</p></body></html>{{end}}
{{define "clerk"}}{{template "head" .}}<h1>填报</h1>
<h2>本单位目标</h2>
<table><tr><th>目标</th><th>单位</th><th>目标数</th><th>最近通过的数</th><th>日期</th></tr>
{{range .Goals}}<tr><td>{{.Name}}（{{.Target}}）</td><td>{{.Unit}}</td><td>{{.Figure}}</td><td>{{.Last}}</td><td>{{.LastDate}}</td></tr>{{end}}</table>
<h2>提交数据</h2>
<form method="post" action="/clerk">
<p><label>目标 <select name="target">{{range .Goals}}<option value="{{.Target}}">{{.Name}}</option>{{end}}</select></label>
<label>截至日期 <input name="date" type="date"></label></p>
<p><label>完成数 <input name="value"></label> 或 <label>分子 <input name="numerator" size="6"></label> / <label>分母 <input name="denominator" size="6"></label>
或 <label>完成日期 <input name="done" type="date"></label> <label>单位 <input name="unit" size="4"></label></p>
<p><label>备注 <input name="note" size="40"></label> <label>更正原因（替换已通过的数） <input name="correction" size="30"></label></p>
<p><button>提交审核</button></p></form>
<h2>已提交</h2>
<table><tr><th>编号</th><th>目标</th><th>日期</th><th>数</th><th>备注</th><th>状态</th><th>退回原因</th><th>提交时间</th></tr>
{{range .Submissions}}<tr><td>{{.ID}}</td><td>{{.Target}}</td><td>{{.Date}}</td><td>{{.Value}}{{.Numerator}}{{if .Denominator}}/{{.Denominator}}{{end}}{{.Done}}</td><td>{{.Note}}</td><td>{{state .State}}</td><td>{{.Reason}}</td><td>{{.SubmittedAt.Format "2006-01-02 15:04"}}</td></tr>{{end}}</table>
</body></html>{{end}}
{{define "review"}}{{template "head" .}}<h1>审核</h1>
{{if not .Pending}}<p>没有待审核的数据。</p>{{end}}
{{range .Pending}}<section><h2>第 {{.ID}} 号：{{.Target}} · {{if .District}}{{.District}}{{else}}全市{{end}} · {{.Date}}</h2>
<p>数：{{.Value}}{{.Numerator}}{{if .Denominator}}/{{.Denominator}}{{end}}{{.Done}} {{.Unit}} · 备注：{{.Note}} {{if .Correction}}· 更正原因：{{.Correction}}{{end}} · 提交人：{{.SubmittedBy}}</p>
{{if .History}}<table><tr><th>日期</th><th>已通过的数</th><th>备注</th><th>来源</th></tr>{{range .History}}<tr><td>{{.Date}}</td><td>{{.Figure}}</td><td>{{.Note}}</td><td>{{.Source}}</td></tr>{{end}}</table>{{else}}<p>该区此目标尚无已通过的数。</p>{{end}}
<form class="inline" method="post" action="/review/{{.ID}}/approve"><button>通过</button></form>
<form class="inline" method="post" action="/review/{{.ID}}/return"><label>退回原因 <input name="reason"></label> <button>退回</button></form>
</section>{{end}}
</body></html>{{end}}
`))

func httptestBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
