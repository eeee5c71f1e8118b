app_name = "opencalls"

urlpatterns: list = []
