import factory

from liaison.core.validators import CREDIT_CODE_ALPHABET, credit_code_check_character
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization


def valid_credit_code(n: int) -> str:
    """A well-formed unified social credit code, different for every `n`."""
    body = "91330300" + "".join(CREDIT_CODE_ALPHABET[(n // 31**i) % 31] for i in range(9))
    return body + credit_code_check_character(body)


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name_zh = factory.Sequence(lambda n: f"温州测试企业{n}有限公司")
    name_en = factory.Sequence(lambda n: f"Wenzhou Test Enterprise {n} Co., Ltd.")
    credit_code = factory.Sequence(valid_credit_code)
    kind = OrganizationKind.ENTERPRISE
    province = "浙江省"
    city = "温州市"


class InstituteFactory(OrganizationFactory):
    # factory_boy lets a subclass replace a declaration with a plain value.
    name_zh = "国科温州研究院"  # type: ignore[assignment]
    name_en = "Wenzhou Institute, University of Chinese Academy of Sciences"  # type: ignore[assignment]
    kind = OrganizationKind.RESEARCH_INSTITUTE
    is_institute = True
