# R reference values for tests that used to cite values second-hand: the aml data of R
# survival (Miller 1981, as shipped with the package), metafor's BCG example (Viechtbauer
# 2010, doi:10.18637/jss.v036.i03) and epitools' Woolf interval on the exact2x2 vignette table
# (Fay 2010, doi:10.32614/RJ-2010-008). Run: Rscript survival_meta_woolf.R
suppressPackageStartupMessages({library(survival); library(metafor); library(epitools)})
out <- data.frame(case = character(), value = numeric(), stringsAsFactors = FALSE)
add <- function(case, value) out[nrow(out) + 1, ] <<- list(case, value)

sd <- survdiff(Surv(time, status) ~ x, data = aml)
add("aml survdiff chisq", sd$chisq)
add("aml survdiff p", pchisq(sd$chisq, 1, lower.tail = FALSE))
fit <- coxph(Surv(time, status) ~ x, data = aml, ties = "efron")
s <- summary(fit)$conf.int
add("aml coxph efron HR", s[1, "exp(coef)"]); add("aml coxph efron low", s[1, "lower .95"])
add("aml coxph efron high", s[1, "upper .95"])
for (ct in c("log", "log-log", "plain")) {
  q <- summary(survfit(Surv(time, status) ~ x, data = aml, conf.type = ct))$table
  for (g in 1:2) {
    add(sprintf("aml median %s group%d", ct, g), q[g, "median"])
    add(sprintf("aml median %s group%d low", ct, g), q[g, "0.95LCL"])
    add(sprintf("aml median %s group%d high", ct, g), q[g, "0.95UCL"])
  }
}

dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
r <- rma(yi, vi, data = dat, method = "REML", test = "knha")
add("bcg REML knha RR", exp(r$b[1])); add("bcg REML knha low", exp(r$ci.lb))
add("bcg REML knha high", exp(r$ci.ub)); add("bcg REML knha p", r$pval)

w <- oddsratio.wald(matrix(c(12, 5, 6, 12), 2, byrow = TRUE))$measure  # rows: B then A
add("woolf 6/18 vs 12/17 OR", 1 / w[2, 1]); add("woolf 6/18 vs 12/17 low", 1 / w[2, 3])
add("woolf 6/18 vs 12/17 high", 1 / w[2, 2])

here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
con <- file(file.path(here, "survival_meta_woolf.csv"), "w")
writeLines(sprintf("# %s; survival %s, metafor %s, epitools %s", R.version.string,
                   packageVersion("survival"), packageVersion("metafor"), packageVersion("epitools")), con)
write.csv(out, con, row.names = FALSE)
close(con)
