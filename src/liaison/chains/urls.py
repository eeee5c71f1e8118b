app_name = "chains"

urlpatterns: list = []
