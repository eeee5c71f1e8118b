app_name = "brokers"

urlpatterns: list = []
