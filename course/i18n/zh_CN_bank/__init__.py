"""简体中文: the learner-facing messages of each lesson's exercises (course/exercises/bank/), one module per lesson."""
