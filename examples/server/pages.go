package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/citybureau/renewal"
	"github.com/citybureau/renewal/dashboard"
	figfmt "github.com/citybureau/renewal/internal/figure"
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
	mux.HandleFunc("POST /clerk/workbook", s.page(s.pageWorkbookPost, RoleClerk))
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

// callAPI runs an API handler for a page's form with a JSON body (nil
// for none; a []byte as it is): its status and its answer.
func callAPI(h http.HandlerFunc, r *http.Request, body any) (int, apiError) {
	req := r.Clone(r.Context())
	req.Body = http.NoBody
	switch body := body.(type) {
	case nil:
	case []byte:
		req.Body = httptestBody(body)
	default:
		b, _ := json.Marshal(body)
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

	plan *renewal.Plan
}

// TargetName is a target's name, or its id when the plan has none.
func (d pageData) TargetName(id string) string {
	if t := d.plan.Target(id); t != nil && t.Name != "" {
		return t.Name
	}
	return id
}

// DistrictName is a district's name; "" is 全市, the city.
func (d pageData) DistrictName(id string) string {
	if id == "" {
		return "全市"
	}
	if x := d.plan.District(id); x != nil && x.Name != "" {
		return x.Name
	}
	return id
}

// RoleName is a role in Chinese.
func (d pageData) RoleName(role string) string {
	return map[string]string{RoleClerk: "填报员", RoleReviewer: "审核员", RoleLeader: "领导"}[role]
}

// Shown is a figure of a target as a clerk reads it: a percentage as
// percent (0.8 → 80%), a milestone's as done, anything else as written.
func (d pageData) Shown(target, v string) string {
	t := d.plan.Target(target)
	if t == nil || v == "" {
		return v
	}
	if t.Kind == renewal.Milestone {
		return "完成"
	}
	if t.Unit == "%" || t.Kind == renewal.Ratio && t.Unit == "" {
		x, err := decimal.NewFromString(v)
		if err != nil {
			return v
		}
		return figfmt.Format(x.Shift(2), 2) + "%"
	}
	return v
}

// Unit is the unit shown after a target's figures: none for a
// percentage or a milestone.
func (d pageData) Unit(target string) string {
	t := d.plan.Target(target)
	if t == nil || t.Unit == "%" || t.Kind == renewal.Milestone || t.Kind == renewal.Ratio && t.Unit == "" {
		return ""
	}
	return t.Unit
}

// Time is a moment in Asia/Shanghai, to the minute.
func (d pageData) Time(t time.Time) string { return t.In(shanghai).Format("2006-01-02 15:04") }

// pageError is an API's refusal as a page shows it: a Chinese headline
// for its status, and the problems (in Chinese, each at its cell or
// field) as they are.
func pageError(status int, e apiError) *apiError {
	head := map[int]string{
		http.StatusBadRequest:            "有错误，什么也没有保存：",
		http.StatusForbidden:             "无权提交或审核这些数据，什么也没有保存：",
		http.StatusNotFound:              "没有这条提交。",
		http.StatusConflict:              "与已通过的数据冲突，什么也没有保存（要替换已通过的数，请填写更正原因）：",
		http.StatusRequestEntityTooLarge: "文件超过 10 MB，未上传。",
		http.StatusUnauthorized:          "登录已失效，请重新登录。",
	}[status]
	if head == "" {
		head = "出错了，什么也没有保存。"
	}
	return &apiError{Status: status, Error: head, Problems: e.Problems}
}

type pendingItem struct {
	Submission
	History []historyItem
}

type historyItem struct{ Date, Figure, Note, Source string }

func (s *Server) render(w http.ResponseWriter, name string, d pageData) {
	d.plan = s.Plan
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
			s.exec(r.Context(), "DELETE FROM sessions WHERE token_hash = ?", hashToken(c.Value))
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
	led, err := s.ledger(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	rep := evaluate(led, asOf, since)
	trend := renewal.EvaluateSeries(led, renewal.MonthEnds(s.Plan, asOf)...)
	var b bytes.Buffer
	if err := dashboard.Write(&b, rep, dashboard.Options{Lang: renewal.Chinese, Trend: trend}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// The service's bar (who is signed in, the way back to their page,
	// logout) goes at the top of the dashboard's own page.
	var bar bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&bar, "bar", pageData{Account: account(r), plan: s.Plan}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	page := bytes.Replace(b.Bytes(), []byte("<body>"), append([]byte("<body>\n"), bar.Bytes()...), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
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
		d.Error = pageError(st, e)
		w.WriteHeader(st)
		s.render(w, "clerk", d)
		return
	}
	http.Redirect(w, r, "/clerk", http.StatusSeeOther)
}

// pageWorkbookPost takes a workbook uploaded through the clerk's page
// (multipart/form-data, the file in the field "workbook") to the API's
// handler.
func (s *Server) pageWorkbookPost(w http.ResponseWriter, r *http.Request) {
	var st int
	var e apiError
	file, _, err := r.FormFile("workbook")
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		st = http.StatusRequestEntityTooLarge
	case err != nil:
		st, e = http.StatusBadRequest, apiError{Problems: []string{"请选择要上传的填报表（.xlsx）"}}
	default:
		defer file.Close()
		b, err := io.ReadAll(file)
		if err != nil {
			st = http.StatusRequestEntityTooLarge
			break
		}
		st, e = callAPI(s.need(s.apiWorkbook, RoleClerk), r, b)
	}
	if st >= 400 {
		d, err := s.clerkData(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		d.Error = pageError(st, e)
		w.WriteHeader(st)
		s.render(w, "clerk", d)
		return
	}
	http.Redirect(w, r, "/clerk", http.StatusSeeOther)
}

func (s *Server) reviewData(r *http.Request) (pageData, error) {
	a := account(r)
	d := pageData{Account: a}
	subs, err := s.submissions(r.Context(), a, statePending)
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
		d.Error = pageError(st, e)
		w.WriteHeader(st)
		s.render(w, "review", d)
		return
	}
	http.Redirect(w, r, "/review", http.StatusSeeOther)
}

var pageTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"state": stateName,
}).Parse(`
{{define "head"}}<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>城市更新进度填报</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0 auto;padding:1em 2em;max-width:76em;color:#222;line-height:1.5}
.bar{display:flex;gap:1em;align-items:center;border-bottom:1px solid #ddd;padding-bottom:.5em}
.bar .who{margin-right:auto}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f4f4f4;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.err{color:#a00;border:1px solid #e0b0b0;background:#fff4f4;padding:.5em 1em;margin:1em 0}
.hint{color:#666;font-size:.9em}
form.inline{display:inline}
section.sub{border:1px solid #ddd;padding:.5em 1em;margin:1em 0}
section.sub h2{font-size:1.1em;margin:.3em 0}
.state-pending{color:#a60}.state-approved{color:#070}.state-returned{color:#a00}
input[name=reason]{width:24em}
</style>
</head><body>
{{if .Account}}{{template "bar" .}}{{end}}
{{with .Error}}<div class="err" role="alert"><p>{{.Error}}</p>{{if .Problems}}<ul>{{range .Problems}}<li>{{.}}</li>{{end}}</ul>{{end}}</div>{{end}}
{{end}}
{{define "bar"}}<div class="bar" style="display:flex;gap:1em;align-items:center;padding:.4em 1em;font-size:14px;background:#fff;border-bottom:1px solid #ddd"><span class="who" style="margin-right:auto">{{.Account.Name}} · {{.RoleName .Account.Role}}{{if eq .Account.Role "clerk"}} · {{.DistrictName .Account.District}}{{end}}</span>
{{if eq .Account.Role "clerk"}}<a href="/clerk">填报</a>{{end}}{{if eq .Account.Role "reviewer"}}<a href="/review">审核</a>{{end}}
<a href="/">进度看板</a>
<form style="display:inline;margin:0" method="post" action="/logout"><button>退出登录</button></form></div>{{end}}
{{define "login"}}{{template "head" .}}<h1>城市更新进度填报 · 登录</h1>
<form method="post" action="/login"><p><label>用户名 <input name="user" autocomplete="username"></label></p>
<p><label>密码 <input name="password" type="password" autocomplete="current-password"></label></p><p><button>登录</button></p></form>
</body></html>{{end}}
{{define "forbidden"}}{{template "head" .}}<h1>无权访问</h1><p>此页面不属于您的角色。</p></body></html>{{end}}
{{define "clerk"}}{{template "head" .}}<h1>填报 · {{.DistrictName .Account.District}}</h1>
<h2>本单位目标</h2>
<table><tr><th>目标</th><th>目标数</th><th>最近通过的数</th><th>截至日期</th></tr>
{{range .Goals}}<tr><td>{{.Name}}</td><td class="num">{{$.Shown .Target .Figure}} {{$.Unit .Target}}</td><td class="num">{{if .Last}}{{$.Shown .Target .Last}} {{$.Unit .Target}}{{else}}—{{end}}</td><td>{{.LastDate}}</td></tr>{{end}}</table>
<h2>逐项填报</h2>
<form method="post" action="/clerk">
<p><label>目标 <select name="target">{{range .Goals}}<option value="{{.Target}}">{{.Name}}</option>{{end}}</select></label>
<label>截至日期 <input name="date" type="date"></label></p>
<p><label>累计完成 <input name="value" size="10"></label> 或 <label>分子 <input name="numerator" size="6"></label> / <label>分母 <input name="denominator" size="6"></label>
或 <label>完成日期 <input name="done" type="date"></label> <label>单位 <input name="unit" size="4"></label></p>
<p class="hint">数量类填累计完成；比例类填分子和分母；完成类填完成日期。单位不填即按目标的单位。</p>
<p><label>备注 <input name="note" size="40"></label> <label>更正原因（替换已通过的数时填写） <input name="correction" size="30"></label></p>
<p><button>提交审核</button></p></form>
<h2>上传填报表</h2>
<form method="post" action="/clerk/workbook" enctype="multipart/form-data">
<p><label>填报表（.xlsx） <input name="workbook" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></label>
<button>上传并提交审核</button></p><p class="hint">整张表无误才会提交；有问题时逐格列出，什么也不保存。</p></form>
<h2>已提交</h2>
{{if not .Submissions}}<p>尚无提交。</p>{{else}}
<table><tr><th>编号</th><th>目标</th><th>截至日期</th><th>填报数</th><th>备注</th><th>状态</th><th>退回原因</th><th>提交时间</th></tr>
{{range .Submissions}}<tr><td class="num">{{.ID}}</td><td>{{$.TargetName .Target}}</td><td>{{.Date}}</td><td class="num">{{template "figure" .}}</td><td>{{.Note}}</td><td class="state-{{.State}}">{{state .State}}</td><td>{{.Reason}}</td><td>{{$.Time .SubmittedAt}}</td></tr>{{end}}</table>{{end}}
</body></html>{{end}}
{{define "figure"}}{{if .Numerator}}{{.Numerator}}/{{.Denominator}}{{else if .Done}}完成于 {{.Done}}{{else}}{{.Value}}{{end}}{{with .Unit}} {{.}}{{end}}{{end}}
{{define "review"}}{{template "head" .}}<h1>审核</h1>
{{if not .Pending}}<p>没有待审核的数据。</p>{{else}}<p>待审核 {{len .Pending}} 条。</p>{{end}}
{{range .Pending}}<section class="sub" id="sub-{{.ID}}"><h2>第 {{.ID}} 号 · {{$.DistrictName .District}} · {{$.TargetName .Target}} · 截至 {{.Date}}</h2>
<p>填报数：<strong>{{template "figure" .}}</strong>{{if not .Unit}} {{$.Unit .Target}}{{end}}
{{with .Note}} · 备注：{{.}}{{end}}{{with .Correction}} · 更正原因：{{.}}{{end}} · 提交人：{{.SubmittedBy}} · {{$.Time .SubmittedAt}}</p>
{{if .History}}<table><tr><th>截至日期</th><th>已通过的数</th><th>备注</th><th>来源</th></tr>{{range .History}}<tr><td>{{.Date}}</td><td class="num">{{.Figure}}</td><td>{{.Note}}</td><td>{{.Source}}</td></tr>{{end}}</table>{{else}}<p class="hint">该县（区）此目标尚无已通过的数。</p>{{end}}
<p><form class="inline" method="post" action="/review/{{.ID}}/approve"><button>通过</button></form>
<form class="inline" method="post" action="/review/{{.ID}}/return"><label>退回原因 <input name="reason" required></label> <button>退回</button></form></p>
</section>{{end}}
</body></html>{{end}}
`))

func httptestBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
