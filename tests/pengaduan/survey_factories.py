"""Survey responses for tests: `make_responses(sums, n)` gives n responses whose scores add up
to the given sum per element (so each element's NRR is sum / n)."""

from datetime import date

from pengaduan.models import (
    AgeGroup,
    Education,
    Occupation,
    Sex,
    SurveyChannel,
    SurveyElement,
    SurveyResponse,
    score_field,
)


def make_responses(
    sums: list[int], n: int, *, on: date, suggestion: str = "", **profile
) -> list[SurveyResponse]:
    columns = []
    for total in sums:
        base, extra = divmod(total, n)
        columns.append([base + 1] * extra + [base] * (n - extra))
    defaults = {
        "channel": SurveyChannel.ONLINE,
        "age_group": AgeGroup.FROM_30,
        "sex": Sex.FEMALE,
        "education": Education.SENIOR,
        "occupation": Occupation.HOUSEWORK,
    }
    defaults.update(profile)
    return SurveyResponse.objects.bulk_create(
        SurveyResponse(
            submitted_on=on,
            suggestion=suggestion,
            **defaults,
            **{
                score_field(element): columns[i][row]
                for i, element in enumerate(SurveyElement.values)
            },
        )
        for row in range(n)
    )


def survey_post(**overrides) -> dict:
    """A complete, valid POST of the survey form (answers 3 everywhere)."""
    data = {f"u{i}": "3" for i in range(1, 10)}
    data.update(
        {
            "age_group": AgeGroup.FROM_40,
            "sex": Sex.MALE,
            "education": Education.SENIOR,
            "occupation": Occupation.SELF_EMPLOYED,
            "suggestion": "",
            "source": "",
            "website": "",
            "captcha_0": "kunci",
            "captcha_1": "PASSED",
        }
    )
    data.update(overrides)
    return data
